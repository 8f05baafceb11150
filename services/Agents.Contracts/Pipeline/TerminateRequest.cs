namespace Agents.Contracts;

/// <summary>Optional body of <c>POST /api/workflow/{id}/terminate</c>.</summary>
public sealed record TerminateRequest(string? Reason = null);
