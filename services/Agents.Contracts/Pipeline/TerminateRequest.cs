using System.ComponentModel.DataAnnotations;

namespace Agents.Contracts;

/// <summary>Optional body of <c>POST /api/workflow/{id}/terminate</c>.</summary>
public sealed record TerminateRequest(
    [property: MaxLength(PipelineApiLimits.MaxReasonLength, ErrorMessage = "The reason is longer than {1} characters.")] string? Reason = null);
