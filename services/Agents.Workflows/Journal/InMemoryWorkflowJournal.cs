namespace Agents.Workflows.Journal;

/// <summary>
/// The journal kept in process memory: fast, and gone when the process ends (tests, benchmarks).
/// Every change goes through <see cref="ExecuteAsync"/>, which the file journal overrides to log it first.
/// </summary>
internal class InMemoryWorkflowJournal : IWorkflowJournal
{
    private readonly Lock _gate = new();

    protected MemoryJournalState State { get; } = new();

    public virtual bool IsShared => false;

    public event Action<IReadOnlyCollection<string>>? Changed;

    public DateTimeOffset? NextDueTime
    {
        get
        {
            lock (_gate)
            {
                return State.NextDueTime;
            }
        }
    }

    public virtual Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CreateInstanceAsync(InstanceRecord instance, WorkflowMessage start, CancellationToken cancellationToken) =>
        ExecuteAsync(new CreateOperation(instance, start));

    public Task<InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(State.Get(instanceId));
        }
    }

    public Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(WorkflowRuntimeStatus? status, int offset, int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(State.List(status, offset, count));
        }
    }

    public async Task<bool> SendAsync(WorkflowMessage message, CancellationToken cancellationToken) =>
        (bool)(await ExecuteAsync(new SendOperation(message)).ConfigureAwait(false))!;

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken) =>
        (bool)(await ExecuteAsync(new PurgeOperation(instanceId)).ConfigureAwait(false))!;

    public Task<IReadOnlyList<WorkflowWorkItem>> LeaseWorkflowsAsync(int max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(State.LeaseWorkflows(max, now));
        }
    }

    public Task<IReadOnlyList<HistoryEvent>> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(State.History(instanceId));
        }
    }

    public Task CommitAsync(IReadOnlyList<WorkflowTurn> turns, CancellationToken cancellationToken) =>
        turns.Count == 0 ? Task.CompletedTask : ExecuteAsync(new CommitOperation(turns));

    public Task ReleaseAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var id in instanceIds)
            {
                State.Release(id);
            }
        }
        Changed?.Invoke(instanceIds);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ActivityTask>> LeaseActivitiesAsync(int max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(State.LeaseActivities(max));
        }
    }

    public Task CompleteActivitiesAsync(IReadOnlyList<ActivityOutcome> outcomes, CancellationToken cancellationToken) =>
        outcomes.Count == 0 ? Task.CompletedTask : ExecuteAsync(new CompleteOperation(outcomes));

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Applies an operation; the result is what the operation returns (a bool for send and purge).</summary>
    protected virtual Task<object?> ExecuteAsync(JournalOperation operation)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        object? result;
        lock (_gate)
        {
            result = State.Apply(operation, changed);
        }
        RaiseChanged(changed);
        return Task.FromResult(result);
    }

    /// <summary>Applies operations already made durable, in log order; failures belong to their own callers.</summary>
    protected void ApplyDurable(IReadOnlyList<(JournalOperation Operation, TaskCompletionSource<object?>? Done)> batch)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<(TaskCompletionSource<object?>? Done, object? Result, Exception? Error)>(batch.Count);
        lock (_gate)
        {
            foreach (var (operation, done) in batch)
            {
                try
                {
                    results.Add((done, State.Apply(operation, changed), null));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Deterministic: the same operation fails the same way when the log is replayed.
                    results.Add((done, null, ex));
                }
            }
        }
        RaiseChanged(changed);
        foreach (var (done, result, error) in results)
        {
            if (error is null)
            {
                done?.TrySetResult(result);
            }
            else
            {
                done?.TrySetException(error);
            }
        }
    }

    protected void ResetLeases()
    {
        lock (_gate)
        {
            State.ResetLeases();
        }
    }

    private void RaiseChanged(HashSet<string> changed)
    {
        if (changed.Count > 0)
        {
            Changed?.Invoke(changed);
        }
    }
}
