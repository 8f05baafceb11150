using Dapr.Workflow;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Agents.SdkWorkflows.Tests;

/// <summary>Faults around the worker: it goes away mid-work-item, or sends payloads over the backend's limit.</summary>
public sealed class WorkerFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WorkerStoppedMidActivity_TheActivityIsHandedToTheNextWorker()
    {
        await using var first = await SdkTestHost.StartAsync(services: s => s.AddSingleton(Closed()));
        var id = await first.Client.ScheduleNewWorkflowAsync(nameof(GatedWorkflow), input: "x");
        await first.Gate.Entered.WaitAsync(Ct);

        await first.StopWorkerAsync();
        await using var second = await SdkTestHost.StartAsync(hub: first.Hub);

        var state = await second.CompletionAsync(id);
        first.Gate.Open();
        Assert.Equal(WorkflowRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal("done:x", state.ReadOutputAs<string>());
        Assert.Equal(1, first.Runs.Count(nameof(GatedActivity)));
        Assert.Equal(1, second.Runs.Count(nameof(GatedActivity)));
    }

    [Fact]
    public async Task InputOverTheLimit_IsRefusedNamingTheLimit()
    {
        await using var host = await SdkTestHost.StartAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.ScheduleNewWorkflowAsync(nameof(GatedWorkflow), null, new string('x', 5 * 1024 * 1024), null, Ct));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("MaxPayloadBytes", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivityResultOverTheLimit_FailsTheWorkflowClearly()
    {
        await using var host = await SdkTestHost.StartAsync();
        // As JSON the input is 2 bytes under the 4 MiB limit; the activity's result adds "done:" and is over it.
        var input = new string('y', (4 * 1024 * 1024) - 4);
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(GatedWorkflow), null, input, null, Ct);

        var state = await host.CompletionAsync(id);

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Contains("limit", state.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task BackendStoppedUnderAConnectedWorkerAndAWaitingClient_StopsAndTellsTheClient()
    {
        // Disposing before the wait reaches its handler would end the HTTP/2 stream instead (Internal): the
        // test is about a wait the backend holds, so it stops the backend only once the handler has it.
        var entered = new CallEntered("WaitForInstanceCompletion");
        var hub = await SdkTestHost.StartHubAsync(journalDirectory: null, hubServices: services => services
            .AddSingleton(entered)
            .Configure<Grpc.AspNetCore.Server.GrpcServiceOptions>(grpc => grpc.Interceptors.Add<CallEntered>()));
        await using var host = await SdkTestHost.StartAsync(hub: hub);
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(ApprovalWorkflow), input: 0);
        await host.Client.WaitForWorkflowStartAsync(id, cancellation: Ct);
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(host.Hub.Endpoint);
        var raw = new Dapr.DurableTask.Protobuf.TaskHubSidecarService.TaskHubSidecarServiceClient(channel);
        var wait = raw.WaitForInstanceCompletionAsync(new Dapr.DurableTask.Protobuf.GetInstanceRequest { InstanceId = id },
            new Metadata { { "dapr-api-token", host.Hub.ApiToken } }, cancellationToken: Ct);
        await entered.Task.WaitAsync(Ct);

        await host.Hub.DisposeAsync();

        var ended = await Assert.ThrowsAsync<RpcException>(async () => await wait);
        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
    }

    private static ActivityGate Closed()
    {
        var gate = new ActivityGate();
        gate.Close();
        return gate;
    }
}
