using Agents.Workflows.Backend;
using Dapr.DurableTask.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Agents.SdkWorkflows.Tests;

/// <summary>The backend's port takes only its token, and binds every method the SDK's service declares.</summary>
public sealed class BackendSecurityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void EveryDeclaredMethod_IsBound()
    {
        Assert.Equal(TaskHubMethods.DeclaredMethodNames.Order(), TaskHubMethodProvider.BoundMethodNames.Order());
        Assert.Equal(17, TaskHubMethods.DeclaredMethodNames.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    public async Task CallWithoutTheToken_IsRefused(string? token)
    {
        await using var hub = await EmbeddedTaskHub.StartAsync(cancellationToken: Ct);
        using var channel = GrpcChannel.ForAddress(hub.Endpoint);
        var client = new TaskHubSidecarService.TaskHubSidecarServiceClient(channel);
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("dapr-api-token", token);
        }

        var hello = await Assert.ThrowsAsync<RpcException>(async () => await client.HelloAsync(new Empty(), headers, cancellationToken: Ct));
        var start = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.StartInstanceAsync(new CreateInstanceRequest { InstanceId = "x", Name = "y" }, headers, cancellationToken: Ct));
        using var stream = client.GetWorkItems(new GetWorkItemsRequest(), headers, cancellationToken: Ct);
        var work = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(Ct));

        Assert.All([hello, start, work], e => Assert.Equal(StatusCode.Unauthenticated, e.StatusCode));
    }

    [Fact]
    public async Task CallWithTheToken_IsAnswered()
    {
        await using var hub = await EmbeddedTaskHub.StartAsync(cancellationToken: Ct);
        using var channel = GrpcChannel.ForAddress(hub.Endpoint);
        var client = new TaskHubSidecarService.TaskHubSidecarServiceClient(channel);

        var reply = await client.GetInstanceAsync(new GetInstanceRequest { InstanceId = "nobody" },
            new Metadata { { "dapr-api-token", hub.ApiToken } }, cancellationToken: Ct);

        Assert.False(reply.Exists);
    }

    [Fact]
    public async Task SdkWithTheWrongToken_IsRefused()
    {
        await using var host = await SdkTestHost.StartAsync(apiToken: "wrong-token-0123456789");

        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Client.ScheduleNewWorkflowAsync(nameof(ChainWorkflow), input: 1));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }
}
