using Dapr.DurableTask.Protobuf;

namespace Agents.Workflows.Backend;

/// <summary>
/// One workflow instance as the backend keeps it: its committed history, the events waiting for the next turn
/// (the inbox) and the turn a worker is running. Touched only under the backend's lock.
/// </summary>
internal sealed class TaskHubInstance
{
    private TaskCompletionSource _changed = NewSignal();

    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public string? Version { get; init; }

    public required long Sequence { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Changes on ContinueAsNew, so late results of the previous execution are recognised and dropped.</summary>
    public required string ExecutionId { get; set; }

    public OrchestrationStatus Status { get; set; } = OrchestrationStatus.Pending;

    public string? Input { get; set; }

    public string? Output { get; set; }

    public string? CustomStatus { get; set; }

    public TaskFailureDetails? Failure { get; set; }

    public DateTimeOffset LastUpdatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset? ScheduledStartAt { get; init; }

    public ParentInstanceInfo? Parent { get; init; }

    public Dictionary<string, string> Tags { get; init; } = new(StringComparer.Ordinal);

    public List<HistoryEvent> History { get; } = [];

    public List<HistoryEvent> Inbox { get; } = [];

    public HashSet<string> Children { get; } = [];

    public InFlightTurn? InFlight { get; set; }

    /// <summary>What the store last wrote: history count and execution, to write only the new events.</summary>
    public int PersistedHistoryCount { get; set; }

    public string? PersistedExecutionId { get; set; }

    /// <summary>Events not yet committed to history: the held turn's (less its WorkflowStarted), then the inbox.</summary>
    public IReadOnlyList<HistoryEvent> PendingEvents() =>
        InFlight is { } turn ? [.. turn.NewEvents.Skip(1), .. Inbox] : Inbox;

    public bool IsTerminal => Status is OrchestrationStatus.Completed or OrchestrationStatus.Failed
        or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    /// <summary>Completes on the next change of this instance (status, output, purge), for the wait calls.</summary>
    public Task Changed => _changed.Task;

    public void NotifyChanged()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
