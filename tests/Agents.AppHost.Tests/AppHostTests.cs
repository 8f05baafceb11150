using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Agents.Contracts;
using Agents.Testing.OpenAi;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Agents.AppHost.Tests;

/// <summary>
/// The distributed mode as `dotnet run --project AppHost` starts it: PostgreSQL, the broker, the three services
/// and their Dapr sidecars. The model is always an external endpoint (<c>--Agents:Llm=external</c>), so that no GPU
/// and no model download is needed. An unknown broker is refused before the model is built; that decision is tested
/// offline (DeploymentPlanTests).
/// <list type="bullet">
/// <item>For each broker, every service becomes healthy and the gateway answers <c>/health</c>; nothing listens on the
/// model's endpoint and none of these checks calls it.</item>
/// <item>With Redis, a pipeline runs end to end: the model is <see cref="OpenAiTestServer"/> in this process, scripted
/// for a Python run that passes first time, and reaches the orchestrator as <c>ConnectionStrings:llm</c>. The run is
/// started and watched through the gateway (distributed mode: it forwards to the orchestrator through Dapr service
/// invocation), the orchestrator calls the sandbox through Dapr, and the gateway's event stream holds the events the
/// orchestrator published on pub/sub.</item>
/// </list>
/// In run mode the services are host processes, not containers, so the test server on 127.0.0.1 is reachable from the
/// orchestrator, and the sandbox runs the generated code on this machine: it needs bubblewrap and python3 (with pytest)
/// on the host, as the offline tests do. Needs Docker and the Dapr CLI after `dapr init`.
/// </summary>
public sealed class AppHostTests
{
    // Container images may have to be pulled on the first run.
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(5);

    // A scripted model answers at once; the sandbox's pytest run takes about a second.
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(2);

    public static TheoryData<string> Brokers() => new("redis", "kafka");

    [Theory]
    [MemberData(nameof(Brokers))]
    public async Task AppHost_WithBroker_StartsEveryServiceHealthy_AndTheGatewayAnswersHealth(string broker)
    {
        Assert.SkipWhen(FullStackMachine.MissingReason is not null, $"Needs the full stack: {FullStackMachine.MissingReason}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_startTimeout);
        await using var app = await StartHealthyAsync(broker, new Uri("http://127.0.0.1:9"), "unused", timeout.Token);

        using var client = app.CreateHttpClient(ServiceNames.Gateway);
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AppHost_WithRedis_RunsAPipelineThroughTheGateway_AndItsEventsArriveThroughPubSub()
    {
        Assert.SkipWhen(FullStackMachine.MissingReason is not null, $"Needs the full stack: {FullStackMachine.MissingReason}.");
        await using var llm = await OpenAiTestServer.StartAsync(TestContext.Current.CancellationToken);
        PipelineScripts.PassFirstTime(llm);
        var model = llm.Models[0];
        await using var app = await StartWithRedisAsync(llm.Root, model);

        using var run = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        run.CancelAfter(s_runTimeout);
        using var client = app.CreateHttpClient(ServiceNames.Gateway);
        var id = await GatewayRuns.StartPythonRunAsync(client, run.Token);
        // The stream ends after the run's final event: it is what this test waits on. The gateway hosts no runs in
        // distributed mode: whatever it streams came from the orchestrator through pub/sub.
        var events = await GatewayRuns.ReadEventsAsync(client, id, run.Token);
        var finished = await GatewayRuns.GetAsync(client, id, run.Token);

        Assert.True(finished.Status == PipelineStatuses.Completed, $"{finished.Status}: {finished.Reason}");
        Assert.True(Assert.Single(finished.Iterations).Verified);
        // The orchestrator asked the model once per schema, for the model the connection string names.
        Assert.Equal(["code", "plan", "tests"], llm.Requests.Select(r => r.SchemaName ?? "").Order(StringComparer.Ordinal));
        Assert.All(llm.Requests, r => Assert.Equal(model, r.Model));
        Assert.Contains("event: PipelineStarted", events, StringComparison.Ordinal);
        Assert.Contains("event: PipelineCompleted", events, StringComparison.Ordinal);
    }

    private static async Task<DistributedApplication> StartWithRedisAsync(Uri llmRoot, string model)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_startTimeout);
        return await StartHealthyAsync("redis", llmRoot, model, timeout.Token);
    }

    /// <summary>Boots the AppHost with an external model at <paramref name="llmRoot"/> and waits for the three services.</summary>
    private static async Task<DistributedApplication> StartHealthyAsync(string broker, Uri llmRoot, string model, CancellationToken cancellationToken)
    {
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                $"--Agents:Broker={broker}",
                "--Agents:Llm=external",
                // A bare root, as Aspire passes an Ollama endpoint; the orchestrator's Agents.Llm appends /v1.
                $"--ConnectionStrings:llm=Endpoint={llmRoot.AbsoluteUri.TrimEnd('/')};Model={model}",
            ],
            cancellationToken);
        var app = await appHost.BuildAsync(cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
            foreach (var service in new[] { ServiceNames.Gateway, ServiceNames.Orchestrator, ServiceNames.Sandbox })
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(service, cancellationToken);
            }
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }
}
