namespace Agents.Workflows.Journal;

/// <summary>
/// Everything one workflow turn changes, committed atomically: the consumed inbox messages become
/// history, the instance row is updated, and new work (activities, timers, messages to other
/// instances, child instances) is enqueued. A turn whose lease was lost is dropped whole.
/// </summary>
internal sealed record WorkflowTurn(
    InstanceRecord Instance,
    bool ResetHistory,
    IReadOnlyList<HistoryEvent> NewHistory,
    IReadOnlyList<long> ConsumedMessageIds,
    IReadOnlyList<ActivityTask> NewActivities,
    IReadOnlyList<WorkflowMessage> NewMessages,
    IReadOnlyList<InstanceRecord> NewInstances);

/// <summary>An activity's outcome, delivered as a message to its instance in the same commit that removes the task.</summary>
internal sealed record ActivityOutcome(ActivityTask Task, WorkflowMessage Result);

/// <summary>Work for a turn: the instance row and the inbox messages visible now.</summary>
internal sealed record WorkflowWorkItem(InstanceRecord Instance, IReadOnlyList<WorkflowMessage> Messages);
