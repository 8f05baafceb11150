namespace Agents.Contracts;

/// <summary>Starts a pipeline (<c>POST /api/workflow/full-sdlc</c>).</summary>
/// <param name="Requirements">What to build, in plain language.</param>
/// <param name="Language"><c>python</c>, <c>javascript</c> or <c>csharp</c>.</param>
/// <param name="MaxIterations">Verification runs allowed (the first code plus repairs), 1–10; 3 when absent.</param>
/// <param name="Approval"><c>none</c> (default) or <c>plan</c>: wait for a person to approve the plan.</param>
public sealed record PipelineRequest(string? Requirements, string? Language, int? MaxIterations = null, string? Approval = null);
