using System.ComponentModel.DataAnnotations;

namespace Agents.Contracts;

/// <summary>Starts a pipeline (<c>POST /api/workflow/full-sdlc</c>).</summary>
/// <param name="Requirements">What to build, in plain language.</param>
/// <param name="Language"><c>python</c>, <c>javascript</c> or <c>csharp</c>.</param>
/// <param name="MaxIterations">Verification runs allowed (the first code plus repairs), 1–10; 3 when absent.</param>
/// <param name="Approval"><c>none</c> (default) or <c>plan</c>: wait for a person to approve the plan.</param>
public sealed record PipelineRequest(
    [property: Required(ErrorMessage = "Requirements are required.")]
    string? Requirements,
    [property: Required(ErrorMessage = "language is required: python, javascript or csharp.")]
    [property: RegularExpression(@"(?i)^\s*(python|javascript|csharp)\s*$", ErrorMessage = "language must be one of: python, javascript, csharp.")]
    string? Language,
    [property: Range(PipelineApiLimits.MinIterations, PipelineApiLimits.MaxIterations, ErrorMessage = "maxIterations must be between {1} and {2}.")]
    int? MaxIterations = null,
    [property: RegularExpression(@"(?i)^\s*(none|plan)\s*$", ErrorMessage = "approval must be one of: none, plan.")]
    string? Approval = null);
