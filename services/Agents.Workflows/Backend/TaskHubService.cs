using Dapr.DurableTask.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Hosting;

namespace Agents.Workflows.Backend;

/// <summary>The gRPC face of <see cref="TaskHubBackend"/>: one handler per <c>TaskHubSidecarService</c> method.</summary>
internal sealed class TaskHubService(TaskHubBackend backend, IHostApplicationLifetime lifetime)
{
    private static readonly Empty EmptyReply = new();

    public Task<Empty> Hello(Empty request, ServerCallContext context) => Task.FromResult(EmptyReply);

    public Task<CreateInstanceResponse> StartInstance(CreateInstanceRequest request, ServerCallContext context) =>
        backend.StartAsync(request);

    public Task<GetInstanceResponse> GetInstance(GetInstanceRequest request, ServerCallContext context) =>
        backend.GetAsync(request, context.CancellationToken);

    public Task<GetInstanceResponse> WaitForInstanceStart(GetInstanceRequest request, ServerCallContext context) =>
        WaitAsync(request, forCompletion: false, context);

    public Task<GetInstanceResponse> WaitForInstanceCompletion(GetInstanceRequest request, ServerCallContext context) =>
        WaitAsync(request, forCompletion: true, context);

    /// <summary>
    /// A wait ends with the host as Unavailable, which the SDK's client retries (against a restarted backend),
    /// instead of holding Kestrel's shutdown open.
    /// </summary>
    private async Task<GetInstanceResponse> WaitAsync(GetInstanceRequest request, bool forCompletion, ServerCallContext context)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            return await backend.WaitAsync(request, forCompletion, ended.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The workflow backend is stopping."));
        }
    }

    public async Task<RaiseEventResponse> RaiseEvent(RaiseEventRequest request, ServerCallContext context)
    {
        await backend.RaiseAsync(request).ConfigureAwait(false);
        return new RaiseEventResponse();
    }

    public async Task<TerminateResponse> TerminateInstance(TerminateRequest request, ServerCallContext context)
    {
        await backend.TerminateAsync(request).ConfigureAwait(false);
        return new TerminateResponse();
    }

    public async Task<SuspendResponse> SuspendInstance(SuspendRequest request, ServerCallContext context)
    {
        await backend.SuspendAsync(request).ConfigureAwait(false);
        return new SuspendResponse();
    }

    public async Task<ResumeResponse> ResumeInstance(ResumeRequest request, ServerCallContext context)
    {
        await backend.ResumeAsync(request).ConfigureAwait(false);
        return new ResumeResponse();
    }

    public Task<PurgeInstancesResponse> PurgeInstances(PurgeInstancesRequest request, ServerCallContext context) =>
        backend.PurgeAsync(request);

    /// <summary>
    /// The worker's work-item stream. Several streams compete for the queue; whatever a stream held when it
    /// ended (worker gone, connection dropped) is queued again for the next one.
    /// </summary>
    public async Task GetWorkItems(GetWorkItemsRequest request, IServerStreamWriter<WorkItem> stream, ServerCallContext context)
    {
        var id = backend.OpenStream();
        // Ends with the host too: Kestrel waits for open requests on shutdown, and this one never ends by itself.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (var item in backend.WorkItems.ReadAllAsync(ended.Token).ConfigureAwait(false))
            {
                if (backend.TryClaim(item, id))
                {
                    await stream.WriteAsync(item, ended.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The worker disconnected or the server is stopping: a normal end of the stream.
        }
        finally
        {
            backend.Abandon(id);
        }
    }

    public async Task<CompleteTaskResponse> CompleteActivityTask(ActivityResponse request, ServerCallContext context)
    {
        await backend.CompleteActivityAsync(request).ConfigureAwait(false);
        return new CompleteTaskResponse();
    }

    /// <summary>The name SDKs before Dapr 1.18 call, and the one 1.19.1 still calls; same as <see cref="CompleteWorkflowTask"/>.</summary>
    public Task<CompleteTaskResponse> CompleteOrchestratorTask(WorkflowResponse request, ServerCallContext context) =>
        CompleteWorkflowTask(request, context);

    public async Task<CompleteTaskResponse> CompleteWorkflowTask(WorkflowResponse request, ServerCallContext context)
    {
        await backend.CompleteTurnAsync(request).ConfigureAwait(false);
        return new CompleteTaskResponse();
    }

    public Task<RerunWorkflowFromEventResponse> RerunWorkflowFromEvent(RerunWorkflowFromEventRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "RerunWorkflowFromEvent is not supported by the embedded backend."));

    public Task<ListInstanceIDsResponse> ListInstanceIDs(ListInstanceIDsRequest request, ServerCallContext context) =>
        backend.ListAsync(request, context.CancellationToken);

    public Task<GetInstanceHistoryResponse> GetInstanceHistory(GetInstanceHistoryRequest request, ServerCallContext context) =>
        backend.HistoryAsync(request, context.CancellationToken);
}
