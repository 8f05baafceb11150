using Agents.Contracts;
using Agents.Testing.OpenAi;
using Aspire.Hosting.Testing;

namespace Agents.AppHost.Tests;

/// <summary>
/// The whole Aspire app on a machine without Docker or Dapr (<see cref="AppHostWithoutSidecars"/>): gateway, orchestrator
/// and sandbox healthy under DCP; a Python run started through the gateway, which forwards it to the orchestrator at its
/// Aspire endpoint; the orchestrator calls the model and the sandbox, and posts the run's events to the gateway, which
/// streams them. The sandbox runs the generated tests on this machine: it needs bubblewrap and python3 with pytest.
/// </summary>
public sealed class AppHostWithoutSidecarsTests(AppHostWithoutSidecars stack) : IClassFixture<AppHostWithoutSidecars>
{
    // A scripted model answers at once; the sandbox's pytest run takes a few seconds.
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Pipeline_ThroughTheGateway_CompletesVerified_WithOneRequestPerSchema_AndStreamsItsEvents()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_runTimeout);
        var before = stack.Llm.Requests.Count;
        PipelineScripts.PassFirstTime(stack.Llm);
        using var client = stack.App.CreateHttpClient(ServiceNames.Gateway);

        var id = await GatewayRuns.StartPythonRunAsync(client, timeout.Token);
        // The stream ends after the run's final event: it is what this test waits on.
        var events = await GatewayRuns.ReadEventsAsync(client, id, timeout.Token);
        var finished = await GatewayRuns.GetAsync(client, id, timeout.Token);

        Assert.True(finished.Status == PipelineStatuses.Completed, $"{finished.Status}: {finished.Reason}");
        Assert.True(Assert.Single(finished.Iterations).Verified);
        var requests = stack.Llm.Requests.Skip(before).ToList();
        Assert.Equal(["code", "plan", "tests"], requests.Select(r => r.SchemaName ?? "").Order(StringComparer.Ordinal));
        Assert.All(requests, r => Assert.Equal(stack.Llm.Models[0], r.Model));
        // The gateway hosts no runs here: what it streams, the orchestrator posted to it.
        Assert.Contains("event: PipelineStarted", events, StringComparison.Ordinal);
        Assert.Contains("event: PipelineCompleted", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telemetry_ASpanOfThePipelineRun_ArrivesFromTheOrchestrator()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_runTimeout);
        PipelineScripts.PassFirstTime(stack.Llm);
        using var client = stack.App.CreateHttpClient(ServiceNames.Gateway);

        var id = await GatewayRuns.StartPythonRunAsync(client, timeout.Token);
        // Waits for the run to end (so that no request of it reaches the model during another test), then for the
        // workflow's span, which the orchestrator emits when the instance finishes, tagged with the run's id.
        await GatewayRuns.ReadEventsAsync(client, id, timeout.Token);
        var span = await stack.Traces.WaitForSpanAsync(
            s => s.Name.StartsWith("workflow ", StringComparison.Ordinal) && s.Attributes.GetValueOrDefault("workflow.instance_id") == id,
            timeout.Token);

        Assert.Contains("orchestrator", span.ServiceName, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Completed", span.Attributes.GetValueOrDefault("workflow.status"));
    }
}
