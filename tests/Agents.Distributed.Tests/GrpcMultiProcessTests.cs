using Agents.Client;
using Agents.Grpc.V1;
using Agents.Testing;
using Agents.Testing.OpenAi;
using Google.Rpc;
using Grpc.Core;
using Contracts = Agents.Contracts;

namespace Agents.Distributed.Tests;

/// <summary>
/// <c>agents.v1.Workflows</c> across the three processes: started over gRPC on the gateway (which forwards to the
/// orchestrator through the sidecar), its stream read over gRPC from the events the gateway received, and the same
/// run read from the orchestrator's own gRPC service.
/// </summary>
public sealed class GrpcMultiProcessTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_StartedOverGrpcOnTheGateway_CompletesVerified_AndItsGrpcStreamIsTheSseStream_AlsoResumed()
    {
        await using var system = await DistributedSystem.StartAsync(await postgres.CreateDatabaseAsync("grpc"));
        using var gateway = AgentsClient.Create(system.GatewayGrpc);
        using var orchestrator = AgentsClient.Create(system.OrchestratorGrpc);
        PipelineScripts.PassFirstTime(system.Llm);

        var id = (await gateway.Workflows.StartPipelineAsync(
            new StartPipelineRequest { Requirements = PipelineScripts.Requirements, Language = "python", MaxIterations = 2 }, cancellationToken: Ct)).Id;
        var head = await ReadAsync(gateway, id, after: null, take: 2);
        var tail = await ReadAsync(gateway, id, after: head[^1].SequenceText(), take: int.MaxValue);
        var overSse = await system.ReadEventsAsync(id, e => e.IsFinal);
        var run = await gateway.Workflows.GetRunAsync(new GetRunRequest { Id = id }, cancellationToken: Ct);
        var fromOrchestrator = await orchestrator.Workflows.GetRunAsync(new GetRunRequest { Id = id }, cancellationToken: Ct);

        Assert.Equal(overSse.Select(e => (e.Sequence, e.Type, e.Id)), head.Concat(tail).Select(e => (e.Sequence, e.TypeName(), (string?)e.Id)));
        Assert.True(run.Status == Contracts.PipelineStatuses.Completed, $"{run.Status}: {run.Reason}\n{system.Output()}");
        Assert.True(Assert.Single(run.Iterations).Verified);
        Assert.Equal(fromOrchestrator, run);
        Assert.Contains((Contracts.ServiceNames.Orchestrator, "POST", "/api/workflow/full-sdlc"), system.Sidecar.Invocations);

        // Refusals keep their meaning across the hop: a field rule, and a run the orchestrator does not know.
        var invalid = await Assert.ThrowsAsync<RpcException>(async () => await gateway.Workflows.StartPipelineAsync(
            new StartPipelineRequest { Requirements = "x", Language = "python", MaxIterations = 0 }, cancellationToken: Ct));
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await gateway.Workflows.GetRunAsync(
            new GetRunRequest { Id = "0123456789abcdef0123456789abcdef" }, cancellationToken: Ct));
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains(invalid.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations, v => v.Field == "max_iterations");
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<List<PipelineEvent>> ReadAsync(AgentsClient agents, string runId, string? after, int take)
    {
        var request = new StreamEventsRequest { RunId = runId };
        if (after is not null)
        {
            request.AfterEventId = after;
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(EventStream.RunTimeout);
        using var call = agents.Workflows.StreamEvents(request, cancellationToken: limit.Token);
        var events = new List<PipelineEvent>();
        while (events.Count < take && await call.ResponseStream.MoveNext(limit.Token))
        {
            events.Add(call.ResponseStream.Current);
        }
        return events;
    }
}
