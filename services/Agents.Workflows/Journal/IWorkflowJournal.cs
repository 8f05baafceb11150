namespace Agents.Workflows.Journal;

/// <summary>
/// Durable storage of instances, histories, inboxes and activity tasks. The engine leases work (an
/// instance with visible messages, an activity task), runs it, and commits the outcome; a lease not
/// committed (crash) is handed out again. Message ids are assigned by the journal.
/// </summary>
internal interface IWorkflowJournal : IAsyncDisposable
{
    /// <summary>True when other processes may change the journal, so waiters must poll as well.</summary>
    bool IsShared { get; }

    /// <summary>Raised (possibly on any thread) after a change that may make work or a state visible.</summary>
    event Action<IReadOnlyCollection<string>>? Changed;

    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Creates the instance with its start message; throws when a non-terminal instance has the id (a terminal one is replaced).</summary>
    Task CreateInstanceAsync(InstanceRecord instance, WorkflowMessage start, CancellationToken cancellationToken);

    Task<InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(WorkflowRuntimeStatus? status, int offset, int count, CancellationToken cancellationToken);

    /// <summary>Adds a message to an existing instance's inbox; false when the instance does not exist.</summary>
    Task<bool> SendAsync(WorkflowMessage message, CancellationToken cancellationToken);

    /// <summary>Deletes a terminal instance with its history; false when absent or not terminal.</summary>
    Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="max"/> instances that have visible messages and are not leased.</summary>
    Task<IReadOnlyList<WorkflowWorkItem>> LeaseWorkflowsAsync(int max, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<Journal.HistoryEvent>> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Commits turns (one group commit) and releases their leases. Turns whose lease was lost are skipped.</summary>
    Task CommitAsync(IReadOnlyList<WorkflowTurn> turns, CancellationToken cancellationToken);

    /// <summary>Releases leases of instances whose turn produced nothing to commit.</summary>
    Task ReleaseAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<ActivityTask>> LeaseActivitiesAsync(int max, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes finished tasks and delivers their results, in one group commit.</summary>
    Task CompleteActivitiesAsync(IReadOnlyList<ActivityOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>The earliest visible-at time of a future message, to sleep until; null when none is known.</summary>
    DateTimeOffset? NextDueTime { get; }
}
