using System.Net.Http.Json;
using Agents.Contracts;
using Agents.Testing;
using Agents.Testing.OpenAi;

namespace Agents.Distributed.Tests;

/// <summary>
/// Gateway, orchestrator and sandbox host as three processes talking through the sidecar contract, a real PostgreSQL
/// and a scripted model: a run completes verified (its verification over gRPC through the sidecar); a second run
/// survives SIGKILL of the orchestrator mid-run.
/// </summary>
public sealed class MultiProcessTests(PostgresFixture postgres)
{
    private const int SigKill = 9;
    private const string VerifyMethod = "/agents.v1.Verification/Verify";

    [Fact]
    public async Task Pipeline_RunsAcrossThreeProcesses_AndCompletesAfterTheOrchestratorIsKilledMidRun()
    {
        await using var system = await DistributedSystem.StartAsync(await postgres.CreateDatabaseAsync("dist"));

        // 1. End to end through the gateway's API.
        PipelineScripts.PassFirstTime(system.Llm);
        var first = await system.StartRunAsync();
        var firstEvents = await system.ReadEventsAsync(first, e => e.IsFinal);
        var firstRun = await system.GetRunAsync(first);

        Assert.True(firstRun.Status == PipelineStatuses.Completed, $"{firstRun.Status}: {firstRun.Reason}\n{system.Output()}");
        Assert.True(Assert.Single(firstRun.Iterations).Verified);
        Assert.Equal("PipelineCompleted", firstEvents[^1].Type);
        // The sidecar delivered every event twice; the gateway kept each once.
        Assert.Equal(firstEvents.Count, firstEvents.Select(e => e.Id).Distinct().Count());
        Assert.Contains((ServiceNames.Orchestrator, "POST", "/api/workflow/full-sdlc"), system.Sidecar.Invocations);
        Assert.Contains((ServiceNames.Orchestrator, "GET", $"/api/workflow/{first}"), system.Sidecar.Invocations);
        // The orchestrator's verification went over gRPC through the sidecar, proxied by its dapr-app-id metadata.
        Assert.Contains((ServiceNames.Sandbox, VerifyMethod), system.Sidecar.GrpcInvocations);
        Assert.DoesNotContain(system.Sidecar.Invocations, i => i.AppId == ServiceNames.Sandbox);
        var hop = await system.Sandbox!.Process.WaitForLineAsync(l => l.Contains("gRPC Verify: python", StringComparison.Ordinal), Timeout.InfiniteTimeSpan)
            .WaitAsync(TestContext.Current.CancellationToken);
        Assert.Contains("dapr-app-id 'sandbox'", hop, StringComparison.Ordinal);
        Assert.All(system.Sidecar.Published, p => Assert.Equal((ServiceNames.PubSub, ServiceNames.PipelineEventsTopic), (p.PubSub, p.Topic)));
        Assert.Contains(system.Sidecar.Published, p => p.Body.Contains(firstEvents[^1].Id!, StringComparison.Ordinal));
        // POST /api/verify on the gateway runs in the sandbox service too, and the web page is served.
        var sandboxCalls = system.Sidecar.GrpcInvocations.Count(i => i.AppId == ServiceNames.Sandbox);
        var code = new VerificationRequest(VerificationLanguages.Python, new Dictionary<string, string> { ["calc.py"] = "def add(a, b):\n    return a + b\n" });
        using var verify = await system.Gateway!.Http.PostAsJsonAsync("/api/verify", code, AgentsJsonContext.Default.VerificationRequest, TestContext.Current.CancellationToken);
        Assert.True(verify.IsSuccessStatusCode, await verify.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(sandboxCalls + 1, system.Sidecar.GrpcInvocations.Count(i => i.AppId == ServiceNames.Sandbox));
        Assert.Contains("<html", await system.Gateway.Http.GetStringAsync("/", TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);

        // 2. Kill the orchestrator while the sandbox runs the tests (they sleep first), start it again on the same database.
        var before = system.Llm.Requests.Count;
        PipelineScripts.PassFirstTime(system.Llm, testPauseSeconds: 4);
        var second = await system.StartRunAsync();
        await system.ReadEventsAsync(second, e => e.Type == "StepStarted" && e.Step == PipelineSteps.Verify);
        var killed = system.Orchestrator!.Process.Id;
        Assert.True(system.Orchestrator.Process.Signal(SigKill), "the service had already exited");
        await system.Orchestrator.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var requestsAtCrash = system.Llm.Requests.Count - before;

        await system.RestartOrchestratorAsync();
        var events = await system.ReadEventsAsync(second, e => e.IsFinal);
        var run = await system.GetRunAsync(second);

        Assert.Equal(3, requestsAtCrash);
        Assert.True(run.Status == PipelineStatuses.Completed, $"{run.Status}: {run.Reason}\n{system.Output()}");
        Assert.True(Assert.Single(run.Iterations).Verified);
        // No completed LLM call was made again: one request per schema for this run.
        Assert.Equal(["code", "plan", "tests"], system.Llm.Requests.Skip(before).Select(r => r.SchemaName ?? "").Order(StringComparer.Ordinal));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.Single(events, e => e.Type == "PipelineStarted");
        Assert.Equal("PipelineCompleted", events[^1].Type);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"killed orchestrator pid {killed} at verify after {requestsAtCrash} LLM calls; restarted as pid {system.Orchestrator.Process.Id}; " +
            $"LLM calls for the run: {string.Join(", ", system.Llm.Requests.Skip(before).Select(r => r.SchemaName))}; " +
            $"events: {string.Join(", ", events.Select(e => e.Step is null ? e.Type : $"{e.Type}({e.Step})"))}; " +
            $"sidecar: {system.Sidecar.Invocations.Count} invocations, {system.Sidecar.GrpcInvocations.Count} gRPC ({string.Join(", ", system.Sidecar.Invocations.Select(i => i.AppId).Distinct())}), {system.Sidecar.Published.Count} publishes");
    }
}
