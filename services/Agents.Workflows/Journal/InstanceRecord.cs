namespace Agents.Workflows.Journal;

/// <summary>An instance's metadata row. <paramref name="HistoryCount"/> versions the history for the executor cache.</summary>
internal sealed record InstanceRecord(
    string InstanceId,
    string Name,
    string ExecutionId,
    WorkflowRuntimeStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? Input,
    string? Output,
    string? CustomStatus,
    WorkflowFailureDetails? Failure,
    string? ParentInstanceId,
    int HistoryCount)
{
    public bool IsTerminal => Status is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated;
}
