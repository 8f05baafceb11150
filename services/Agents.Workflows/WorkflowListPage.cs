namespace Agents.Workflows;

/// <summary>One page of instances, newest first; pass <paramref name="ContinuationToken"/> back for the next page (null at the end).</summary>
public sealed record WorkflowListPage(IReadOnlyList<WorkflowState> Instances, string? ContinuationToken);
