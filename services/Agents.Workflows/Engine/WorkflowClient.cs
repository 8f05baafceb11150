using Agents.Workflows.Journal;

namespace Agents.Workflows.Engine;

/// <summary>The embedded runtime's client: writes to the journal and waits on in-process change notifications.</summary>
internal sealed class WorkflowClient(WorkflowEngine engine) : IWorkflowClient
{
    private IWorkflowJournal Journal => engine.Journal;

    public async Task<string> ScheduleNewWorkflowAsync(string name, string? instanceId = null, object? input = null, DateTimeOffset? startTime = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await engine.EnsureInitializedAsync().ConfigureAwait(false);
        var id = string.IsNullOrWhiteSpace(instanceId) ? Guid.NewGuid().ToString("N") : instanceId;
        var json = engine.Payloads.Serialize(input, $"input of workflow '{name}'");
        var now = engine.Time.GetUtcNow();
        var execution = Guid.NewGuid().ToString("N");
        var record = new InstanceRecord(id, name, execution, WorkflowRuntimeStatus.Pending, now, now, json, null, null, null, null, 0);
        var start = new WorkflowMessage(0, id, execution, startTime is { } at && at > now ? at : now, new ExecutionStarted(name, json));
        await Journal.CreateInstanceAsync(record, start, cancellation).ConfigureAwait(false);
        return id;
    }

    public async Task<WorkflowState> GetWorkflowStateAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await engine.EnsureInitializedAsync().ConfigureAwait(false);
        var record = await Journal.GetInstanceAsync(instanceId, cancellation).ConfigureAwait(false);
        return ToState(instanceId, record, getInputsAndOutputs);
    }

    public Task<WorkflowState> WaitForWorkflowStartAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, s => s.RuntimeStatus != WorkflowRuntimeStatus.Pending, cancellation);

    public Task<WorkflowState> WaitForWorkflowCompletionAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, s => s.IsWorkflowCompleted, cancellation);

    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return SendAsync(instanceId, new EventRaised(eventName, engine.Payloads.Serialize(eventPayload, $"payload of event '{eventName}'")), cancellation);
    }

    public Task TerminateWorkflowAsync(string instanceId, object? output = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionTerminated(engine.Payloads.Serialize(output, "termination output")), cancellation);

    public Task SuspendWorkflowAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionSuspended(reason), cancellation);

    public Task ResumeWorkflowAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionResumed(reason), cancellation);

    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await engine.EnsureInitializedAsync().ConfigureAwait(false);
        return await Journal.PurgeAsync(instanceId, cancellation).ConfigureAwait(false);
    }

    public async Task<WorkflowListPage> ListWorkflowsAsync(WorkflowRuntimeStatus? status = null, int pageSize = 50, string? continuationToken = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await engine.EnsureInitializedAsync().ConfigureAwait(false);
        var offset = continuationToken is null ? 0 : int.Parse(continuationToken, System.Globalization.CultureInfo.InvariantCulture);
        var records = await Journal.ListInstancesAsync(status, offset, pageSize + 1, cancellation).ConfigureAwait(false);
        var page = records.Take(pageSize).Select(r => ToState(r.InstanceId, r, getInputsAndOutputs: false)).ToList();
        var next = records.Count > pageSize ? (offset + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return new WorkflowListPage(page, next);
    }

    private async Task SendAsync(string instanceId, HistoryEvent e, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await engine.EnsureInitializedAsync().ConfigureAwait(false);
        var message = new WorkflowMessage(0, instanceId, null, engine.Time.GetUtcNow(), e);
        if (!await Journal.SendAsync(message, cancellation).ConfigureAwait(false)
            && await Journal.GetInstanceAsync(instanceId, cancellation).ConfigureAwait(false) is null)
        {
            throw new InvalidOperationException($"No workflow instance with id '{instanceId}' exists.");
        }
    }

    private async Task<WorkflowState> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<WorkflowState, bool> done, CancellationToken cancellation)
    {
        while (true)
        {
            // Take the change notification before reading, so a change in between is not missed.
            var changed = engine.Watchers.NextChange(instanceId);
            var state = await GetWorkflowStateAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
            if (done(state))
            {
                return state;
            }
            if (Journal.IsShared)
            {
                // Another process may advance the instance: also look again after the poll interval.
                await Task.WhenAny(changed, Task.Delay(engine.PollInterval, engine.Time, cancellation)).ConfigureAwait(false);
                cancellation.ThrowIfCancellationRequested();
            }
            else
            {
                await changed.WaitAsync(cancellation).ConfigureAwait(false);
            }
        }
    }

    private WorkflowState ToState(string instanceId, InstanceRecord? r, bool getInputsAndOutputs) => r is null
        ? WorkflowState.Missing(instanceId, engine.Payloads.Options)
        : new WorkflowState(r.InstanceId, r.Name, r.Status, r.CreatedAt, r.LastUpdatedAt,
            getInputsAndOutputs ? r.Input : null, getInputsAndOutputs ? r.Output : null, r.CustomStatus, r.Failure, engine.Payloads.Options);
}
