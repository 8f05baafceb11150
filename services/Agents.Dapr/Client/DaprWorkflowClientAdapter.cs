using System.Text.Json;
using Agents.Dapr.Mapping;
using Agents.Workflows;
using DaprWf = Dapr.Workflow;

namespace Agents.Dapr.Client;

/// <summary>
/// Our <see cref="IWorkflowClient"/> over Dapr's <c>DaprWorkflowClient</c>: every call but the listing is one
/// to one. States are mapped by status name (see <see cref="RuntimeStatusMapping"/>) and payloads pass
/// through as JSON, read back with <paramref name="json"/> (web defaults, like Dapr's serializer).
/// Listing: Dapr lists instance ids only, so a page is the ids Dapr returns, each state read, filtered and
/// ordered within that page (<see cref="WorkflowListing"/>); a filtered page may be short or empty while the
/// continuation token still leads on.
/// </summary>
public sealed class DaprWorkflowClientAdapter(DaprWf.DaprWorkflowClient client, JsonSerializerOptions json) : IWorkflowClient
{
    /// <inheritdoc />
    public Task<string> ScheduleNewWorkflowAsync(string name, string? instanceId = null, object? input = null, DateTimeOffset? startTime = null, CancellationToken cancellation = default) =>
        client.ScheduleNewWorkflowAsync(name, instanceId, input, startTime, cancellation);

    /// <inheritdoc />
    public async Task<WorkflowState> GetWorkflowStateAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellation = default) =>
        ToOurs(instanceId, await client.GetWorkflowStateAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<WorkflowState> WaitForWorkflowStartAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellation = default) =>
        ToOurs(instanceId, await client.WaitForWorkflowStartAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<WorkflowState> WaitForWorkflowCompletionAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellation = default) =>
        ToOurs(instanceId, await client.WaitForWorkflowCompletionAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false));

    /// <inheritdoc />
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        client.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    /// <inheritdoc />
    public Task TerminateWorkflowAsync(string instanceId, object? output = null, CancellationToken cancellation = default) =>
        client.TerminateWorkflowAsync(instanceId, output, cancellation);

    /// <inheritdoc />
    public Task SuspendWorkflowAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        client.SuspendWorkflowAsync(instanceId, reason, cancellation);

    /// <inheritdoc />
    public Task ResumeWorkflowAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        client.ResumeWorkflowAsync(instanceId, reason, cancellation);

    /// <inheritdoc />
    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default) =>
        client.PurgeInstanceAsync(instanceId, cancellation);

    /// <inheritdoc />
    public async Task<WorkflowListPage> ListWorkflowsAsync(WorkflowRuntimeStatus? status = null, int pageSize = 50, string? continuationToken = null, CancellationToken cancellation = default)
    {
        WorkflowListing.ValidatePageSize(pageSize);
        var page = await client.ListInstanceIdsAsync(continuationToken, pageSize, cancellation).ConfigureAwait(false);
        var states = new List<WorkflowState>(page.InstanceIds.Count);
        foreach (var instanceId in page.InstanceIds)
        {
            // Like the embedded client's listing: no inputs or outputs, only status and metadata.
            states.Add(await GetWorkflowStateAsync(instanceId, getInputsAndOutputs: false, cancellation).ConfigureAwait(false));
        }
        return new WorkflowListPage(WorkflowListing.Shape(states, status), page.ContinuationToken);
    }

    private WorkflowState ToOurs(string instanceId, DaprWf.WorkflowState? state)
    {
        if (state is null || !state.Exists)
        {
            return WorkflowStateFactory.Create(
                new WorkflowStateSnapshot(instanceId, null, WorkflowRuntimeStatus.Unknown, default, default, null, null, null, null), json);
        }
        var failure = state.FailureDetails;
        return WorkflowStateFactory.Create(
            new WorkflowStateSnapshot(
                instanceId,
                state.WorkflowName,
                RuntimeStatusMapping.FromName(state.RuntimeStatus.ToString()),
                state.CreatedAt,
                state.LastUpdatedAt,
                // Read as JsonElement: the JSON passes through untouched and is read into the caller's type later.
                JsonPayloads.ToSerialized(state.ReadInputAs<JsonElement>()),
                JsonPayloads.ToSerialized(state.ReadOutputAs<JsonElement>()),
                JsonPayloads.ToSerialized(state.ReadCustomStatusAs<JsonElement>()),
                TaskFailureMapping.ToWorkflowFailure(failure?.ErrorType, failure?.ErrorMessage, failure?.StackTrace)),
            json);
    }
}
