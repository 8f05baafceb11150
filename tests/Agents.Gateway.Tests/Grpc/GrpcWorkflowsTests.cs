using System.Globalization;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Agents.Client;
using Contracts = Agents.Contracts;
using Agents.Gateway.Tests.Mcp;
using Agents.Grpc.V1;
using Agents.Testing;
using Agents.Testing.OpenAi;
using Google.Rpc;
using Grpc.Core;

namespace Agents.Gateway.Tests.Grpc;

/// <summary>
/// <c>agents.v1.Workflows</c> on the gateway's HTTP/2 listener (<c>Grpc:Port</c>), embedded mode: the same rules, keys,
/// rate limits and answers as <c>/api/workflow</c>, and the same event stream as SSE.
/// </summary>
public sealed class GrpcWorkflowsTests
{
    private const string Key = "grpc-test-key-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_StartedOverGrpc_CompletesVerified_AndItsStreamIsTheSseStream_AlsoWhenResumed()
    {
        var port = TestPorts.Free();
        await using var gateway = await McpGateway.StartAsync(new Dictionary<string, string?> { ["Grpc__Port"] = Invariant(port) });
        using var agents = AgentsClient.Create(GrpcAddress(port));
        PipelineScripts.PassFirstTime(gateway.Llm);

        var id = (await agents.Workflows.StartPipelineAsync(
            new StartPipelineRequest { Requirements = PipelineScripts.Requirements, Language = "python", MaxIterations = 2 }, cancellationToken: Ct)).Id;
        // Two events, then the client goes away; the second call resumes after the last one it read.
        var head = await ReadAsync(agents, id, after: null, take: 2);
        var tail = await ReadAsync(agents, id, after: head[^1].SequenceText(), take: int.MaxValue);
        var overGrpc = head.Concat(tail).ToList();
        var overSse = await ReadSseAsync(gateway.Process, id);
        var run = await agents.Workflows.GetRunAsync(new GetRunRequest { Id = id }, cancellationToken: Ct);
        var overHttp = await gateway.Process.Http.GetFromJsonAsync($"/api/workflow/{id}", Contracts.AgentsJsonContext.Default.PipelineRun, Ct);

        Assert.Equal(overSse.Select(e => (e.Sequence, e.Type, e.Id)), overGrpc.Select(e => (e.Sequence, e.TypeName(), e.Id)));
        Assert.Equal(PipelineEvent.BodyOneofCase.PipelineCompleted, overGrpc[^1].BodyCase);
        Assert.Equal(Contracts.PipelineStatuses.Completed, run.Status);
        Assert.True(Assert.Single(run.Iterations).Verified);
        Assert.NotNull(overHttp);
        Assert.Equal((overHttp.Status, overHttp.Step, overHttp.TrustScore, overHttp.Iteration), (run.Status, run.Step, run.TrustScore, run.Iteration));
        Assert.Equal(overHttp.Files.Select(f => (f.Path, f.Content)), run.Files.Select(f => (f.Path, f.Content)));
        Assert.Equal(overHttp.Iterations[0].Checkpoints.Select(c => (c.Name, c.Passed, c.Proof.Command)),
            run.Iterations[0].Checkpoints.Select(c => (c.Name, c.Passed, c.Proof.Command)));
        Assert.Equal(overHttp.Usage.Total.CostUsd.ToString(CultureInfo.InvariantCulture), run.Usage.Total.CostUsd);
        var page = await agents.Workflows.ListRunsAsync(new ListRunsRequest(), cancellationToken: Ct);
        Assert.Equal(id, Assert.Single(page.Runs).Id);
        // A finished run takes no more commands: the HTTP API's 409 is FAILED_PRECONDITION.
        var ended = await Assert.ThrowsAsync<RpcException>(async () => await agents.Workflows.TerminateAsync(new TerminateRequest { RunId = id }, cancellationToken: Ct));
        Assert.Equal(StatusCode.FailedPrecondition, ended.StatusCode);
    }

    [Fact]
    public async Task BadInput_EveryFieldRule_IsInvalidArgumentNamingTheField_AndNothingIsStarted()
    {
        var port = TestPorts.Free();
        await using var gateway = await McpGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Grpc__Port"] = Invariant(port),
            ["Pipeline__MaxRequirementsLength"] = "50",
        });
        using var agents = AgentsClient.Create(GrpcAddress(port));
        var workflows = agents.Workflows;
        StartPipelineRequest Start(Action<StartPipelineRequest> change)
        {
            var request = new StartPipelineRequest { Requirements = "add two numbers", Language = "python" };
            change(request);
            return request;
        }
        var tooLong = new string('r', 2_001);
        var cases = new (string Field, Func<Task> Call)[]
        {
            ("requirements", () => workflows.StartPipelineAsync(Start(r => r.Requirements = ""), cancellationToken: Ct).ResponseAsync),
            ("requirements", () => workflows.StartPipelineAsync(Start(r => r.Requirements = new string('x', 51)), cancellationToken: Ct).ResponseAsync),
            ("language", () => workflows.StartPipelineAsync(Start(r => r.Language = ""), cancellationToken: Ct).ResponseAsync),
            ("language", () => workflows.StartPipelineAsync(Start(r => r.Language = "cobol"), cancellationToken: Ct).ResponseAsync),
            ("max_iterations", () => workflows.StartPipelineAsync(Start(r => r.MaxIterations = 0), cancellationToken: Ct).ResponseAsync),
            ("max_iterations", () => workflows.StartPipelineAsync(Start(r => r.MaxIterations = 11), cancellationToken: Ct).ResponseAsync),
            ("approval", () => workflows.StartPipelineAsync(Start(r => r.Approval = "later"), cancellationToken: Ct).ResponseAsync),
            ("page_size", () => workflows.ListRunsAsync(new ListRunsRequest { PageSize = 0 }, cancellationToken: Ct).ResponseAsync),
            ("page_size", () => workflows.ListRunsAsync(new ListRunsRequest { PageSize = 101 }, cancellationToken: Ct).ResponseAsync),
            ("next", () => workflows.ListRunsAsync(new ListRunsRequest { Next = "page-two" }, cancellationToken: Ct).ResponseAsync),
            ("id", () => workflows.GetRunAsync(new GetRunRequest(), cancellationToken: Ct).ResponseAsync),
            ("run_id", () => workflows.ApproveAsync(new ApproveRequest { Approved = true }, cancellationToken: Ct).ResponseAsync),
            ("reason", () => workflows.ApproveAsync(new ApproveRequest { RunId = "0123456789abcdef0123456789abcdef", Reason = tooLong }, cancellationToken: Ct).ResponseAsync),
            ("reason", () => workflows.TerminateAsync(new TerminateRequest { RunId = "0123456789abcdef0123456789abcdef", Reason = tooLong }, cancellationToken: Ct).ResponseAsync),
            ("run_id", () => ReadAsync(agents, "", after: null, take: 1)),
            ("after_event_id", () => ReadAsync(agents, "0123456789abcdef0123456789abcdef", after: "the-third", take: 1)),
        };

        foreach (var (field, call) in cases)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(refused.StatusCode == StatusCode.InvalidArgument, $"{field}: {refused.Status}");
            var violations = refused.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
            Assert.NotNull(violations);
            Assert.Contains(violations, v => v.Field == field && v.Description.Length > 0);
        }
        Assert.Empty((await workflows.ListRunsAsync(new ListRunsRequest(), cancellationToken: Ct)).Runs);
        Assert.Empty(gateway.Llm.Requests);
    }

    [Fact]
    public async Task UnknownRun_IsNotFound_OnEveryMethod()
    {
        var port = TestPorts.Free();
        await using var gateway = await McpGateway.StartAsync(new Dictionary<string, string?> { ["Grpc__Port"] = Invariant(port) });
        using var agents = AgentsClient.Create(GrpcAddress(port));
        const string Unknown = "0123456789abcdef0123456789abcdef";

        foreach (var call in new Func<Task>[]
        {
            () => agents.Workflows.GetRunAsync(new GetRunRequest { Id = Unknown }, cancellationToken: Ct).ResponseAsync,
            () => agents.Workflows.GetRunAsync(new GetRunRequest { Id = "../etc" }, cancellationToken: Ct).ResponseAsync,
            () => agents.Workflows.ApproveAsync(new ApproveRequest { RunId = Unknown, Approved = true }, cancellationToken: Ct).ResponseAsync,
            () => agents.Workflows.TerminateAsync(new TerminateRequest { RunId = Unknown }, cancellationToken: Ct).ResponseAsync,
            () => ReadAsync(agents, Unknown, after: null, take: 1),
        })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.NotFound, refused.StatusCode);
            Assert.Contains("There is no run", refused.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WithKeys_ACallWithoutAValidKey_IsUnauthenticated_AndRunStartsPastTheirBudget_AreResourceExhausted_OnBothServices()
    {
        var port = TestPorts.Free();
        await using var gateway = await McpGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Grpc__Port"] = Invariant(port),
            ["Gateway__ApiKeys__0__Name"] = "ci",
            ["Gateway__ApiKeys__0__Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
            ["Gateway__RateLimits__RunStartsPerMinute"] = "1",
        });
        PipelineScripts.PassFirstTime(gateway.Llm);
        var request = new StartPipelineRequest { Requirements = PipelineScripts.Requirements, Language = "python" };

        foreach (var key in new[] { null, "not-the-key-0123456789" })
        {
            using var stranger = AgentsClient.Create(GrpcAddress(port), key);
            var refused = await Assert.ThrowsAsync<RpcException>(async () => await stranger.Workflows.StartPipelineAsync(request, cancellationToken: Ct));
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
            Assert.Contains("API key", refused.Status.Detail, StringComparison.Ordinal);
        }
        using var agents = AgentsClient.Create(GrpcAddress(port), Key);
        var id = (await agents.Workflows.StartPipelineAsync(request, cancellationToken: Ct)).Id;
        var limited = await Assert.ThrowsAsync<RpcException>(async () => await agents.Workflows.StartPipelineAsync(request, cancellationToken: Ct));
        // Reads have their own budget: the run is still readable.
        var run = await agents.Workflows.GetRunAsync(new GetRunRequest { Id = id }, cancellationToken: Ct);

        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        Assert.Contains("Gateway:RateLimits:RunStartsPerMinute", limited.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(id, run.Id);
        Assert.Equal(id, Assert.Single((await agents.Workflows.ListRunsAsync(new ListRunsRequest(), cancellationToken: Ct)).Runs).Id);

        // Verification is served here too, under the same keys.
        var code = new VerifyRequest
        {
            Language = "python",
            Files = { ["calc.py"] = "def add(a, b):\n    return a + b\n" },
            Tests = { ["test_calc.py"] = "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n" },
        };
        using var anonymous = AgentsClient.Create(GrpcAddress(port));
        var refusedVerify = await Assert.ThrowsAsync<RpcException>(async () => await anonymous.Verification.VerifyAsync(code, cancellationToken: Ct));
        var verified = await agents.Verification.VerifyAsync(code, cancellationToken: Ct);
        Assert.Equal(StatusCode.Unauthenticated, refusedVerify.StatusCode);
        Assert.True(verified.Result.Verified, verified.Result.ToString());
    }

    private static Uri GrpcAddress(int port) => new($"http://127.0.0.1:{Invariant(port)}");

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Up to <paramref name="take"/> events (the stream ends after the run's final one), then the call is dropped.</summary>
    private static async Task<List<PipelineEvent>> ReadAsync(AgentsClient agents, string runId, string? after, int take)
    {
        var request = new StreamEventsRequest { RunId = runId };
        if (after is not null)
        {
            request.AfterEventId = after;
        }
        using var call = agents.Workflows.StreamEvents(request, cancellationToken: Ct);
        var events = new List<PipelineEvent>();
        while (events.Count < take && await call.ResponseStream.MoveNext(Ct))
        {
            events.Add(call.ResponseStream.Current);
        }
        return events;
    }

    private static async Task<List<(long Sequence, string Type, string Id)>> ReadSseAsync(ServiceProcess gateway, string id)
    {
        using var http = new HttpClient { BaseAddress = gateway.Address, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await http.GetAsync($"/api/workflow/{id}/events", HttpCompletionOption.ResponseHeadersRead, Ct);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(Ct);
        var events = new List<(long, string, string)>();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(Ct))
        {
            using var data = JsonDocument.Parse(item.Data);
            events.Add((long.Parse(item.EventId!, CultureInfo.InvariantCulture), item.EventType, data.RootElement.GetProperty("id").GetString()!));
        }
        return events;
    }
}
