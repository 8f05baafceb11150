namespace Agents.Contracts;

/// <summary>
/// Where a run is: the workflow's custom status while it runs and its output at the end. Holds artifact keys, not
/// artifacts. A durable contract. <paramref name="PlanAttempt"/> is the plan an approval would answer.
/// </summary>
public sealed record PipelineSnapshot(
    string Status,
    string Step,
    int Iteration,
    string? PlanKey,
    string? TestsKey,
    string? FilesKey,
    IReadOnlyList<PipelineIteration> Iterations,
    PipelineUsage Usage,
    double TrustScore,
    string? Reason,
    int PlanAttempt = 0)
{
    public static PipelineSnapshot Start { get; } = new(PipelineStatuses.Running, PipelineSteps.Plan, 0, null, null, null, [], PipelineUsage.Empty, 0, null);
}
