namespace Agents.Contracts;

/// <summary>A person's answer at the approval gate (<c>POST /api/workflow/{id}/approve</c>); a rejection's reason goes back to the planner.</summary>
public sealed record ApprovalDecision(bool Approved, string? Reason = null);
