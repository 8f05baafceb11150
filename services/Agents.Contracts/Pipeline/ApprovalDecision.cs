using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Agents.Contracts;

/// <summary>A person's answer at the approval gate (<c>POST /api/workflow/{id}/approve</c>); a rejection's reason goes back to the planner.</summary>
/// <param name="Approved">Required: a missing value must not read as a rejection.</param>
public sealed record ApprovalDecision(
    [property: JsonRequired] bool Approved,
    [property: MaxLength(PipelineApiLimits.MaxReasonLength, ErrorMessage = "The reason is longer than {1} characters.")] string? Reason = null);
