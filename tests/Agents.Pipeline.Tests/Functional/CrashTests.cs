using Agents.Contracts;
using Agents.Testing;

namespace Agents.Pipeline.Tests.Functional;

/// <summary>
/// SIGKILL the gateway while the sandbox runs a run's tests, start it again on the same storage: the run completes
/// and no LLM call that had completed is made again (the scripted server's request log has one request per schema).
/// </summary>
public sealed class CrashTests(PostgresFixture postgres)
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    [Fact]
    public async Task Crash_DuringTestStep_WithFileStorage_RunCompletesWithoutRepeatingLlmCalls() =>
        await CrashAndResumeAsync(null);

    [Fact]
    public async Task Crash_DuringTestStep_WithPostgres_RunCompletesWithoutRepeatingLlmCalls() =>
        await CrashAndResumeAsync(await postgres.CreateDatabaseAsync("pipe"));

    [Fact]
    public async Task Sigterm_DuringTestStep_CancelsTheSandboxRunAndExits_TheRunCompletesAfterRestart()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        // Without the cancellation, shutdown would wait for these tests (and record their result) before exiting.
        Scripts.PassFirstTime(gateway.Llm, testPauseSeconds: 8);

        var id = await gateway.StartRunAsync();
        await gateway.ReadEventsAsync(id, e => e.Type == "StepStarted" && e.Step == PipelineSteps.Verify);
        Assert.True(gateway.Process.Process.Signal(SigTerm), "the service had already exited");
        await gateway.Process.Process.WaitForLineAsync(
            l => l.Contains("Activity VerifyCodeActivity of", StringComparison.Ordinal) && l.Contains("was stopped by the shutdown", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        var exitCode = await gateway.Process.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        await gateway.RestartAsync();
        var run = await gateway.WaitForEndAsync(id);

        Assert.Equal(0, exitCode);
        Assert.True(run.Status == PipelineStatuses.Completed, $"{run.Status}: {run.Reason}");
        Assert.True(Assert.Single(run.Iterations).Verified);
        Assert.Equal(["code", "plan", "tests"], gateway.Llm.Requests.Select(r => r.SchemaName ?? "").Order(StringComparer.Ordinal));
    }

    private static async Task CrashAndResumeAsync(string? connectionString)
    {
        await using var gateway = await PipelineGateway.StartAsync(connectionString);
        // The tests sleep first, so the kill lands while the sandbox is running them.
        Scripts.PassFirstTime(gateway.Llm, testPauseSeconds: 4);

        var id = await gateway.StartRunAsync();
        await gateway.ReadEventsAsync(id, e => e.Type == "StepStarted" && e.Step == PipelineSteps.Verify);
        Assert.True(gateway.Process.Process.Signal(SigKill), "the service had already exited");
        await gateway.Process.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var requestsAtCrash = gateway.Llm.Requests.Count;

        await gateway.RestartAsync();
        var events = await gateway.ReadEventsAsync(id, e => e.Type is "PipelineCompleted" or "PipelineFailed");
        var run = await gateway.GetRunAsync(id);

        Assert.Equal(3, requestsAtCrash);
        Assert.True(run.Status == PipelineStatuses.Completed, $"{run.Status}: {run.Reason}");
        Assert.Equal(["code", "plan", "tests"], gateway.Llm.Requests.Select(r => r.SchemaName ?? "").Order(StringComparer.Ordinal));
        // Replayed history plus live events, each once: duplicates from re-run activities were dropped by id.
        Assert.Equal(events.Count, events.Select(e => e.Data.GetProperty("id").GetString()).Distinct().Count());
        Assert.Single(events, e => e.Type == "StepStarted" && e.Step == PipelineSteps.Verify);
        Assert.Single(events, e => e.Type == "PipelineStarted");
        Assert.True(Assert.Single(run.Iterations).Verified);
    }
}
