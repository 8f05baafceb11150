using Agents.Contracts;
using Agents.Testing;
using Agents.Testing.OpenAi;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Agents.AppHost.Tests;

/// <summary>
/// The real AppHost as a machine without Docker or Dapr runs it (<c>--Agents:Infrastructure=existing
/// --Agents:Sidecars=none --Agents:Llm=external</c>): PostgreSQL is a throw-away cluster of <see cref="PostgresFixture"/>,
/// the model is <see cref="OpenAiTestServer"/> in this process, and the orchestrator exports its traces to
/// <see cref="OtlpTraceReceiver"/> in place of the dashboard. Aspire's orchestrator (DCP) starts the three services as
/// processes; started once for the tests of a class, which run one after another.
/// </summary>
public sealed class AppHostWithoutSidecars : IAsyncLifetime
{
    // Three `dotnet run` processes started one after another (WaitFor), on a shared two-core machine.
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(5);

    private readonly PostgresFixture _postgres = new();
    private DistributedApplication? _app;

    public OpenAiTestServer Llm { get; private set; } = null!;

    public OtlpTraceReceiver Traces { get; private set; } = null!;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(s_startTimeout);
        await _postgres.InitializeAsync();
        var database = await _postgres.CreateDatabaseAsync("apphost");
        Llm = await OpenAiTestServer.StartAsync(timeout.Token);
        Traces = await OtlpTraceReceiver.StartAsync(timeout.Token);

        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                "--Agents:Infrastructure=existing",
                "--Agents:Sidecars=none",
                "--Agents:Llm=external",
                $"--ConnectionStrings:{ServiceNames.AgentsDatabase}={database}",
                // A bare root, as Aspire passes an Ollama endpoint; the orchestrator's Agents.Llm appends /v1.
                $"--ConnectionStrings:{ServiceNames.LlmConnection}=Endpoint={Llm.Root.AbsoluteUri.TrimEnd('/')};Model={Llm.Models[0]}",
            ],
            timeout.Token);

        // Added after the AppHost's own OTLP settings, so these win: the receiver here instead of the dashboard, over
        // OTLP/HTTP, with a short batch delay so that a finished run's spans leave at once.
        appHost.CreateResourceBuilder<ProjectResource>(ServiceNames.Orchestrator)
            .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Traces.Endpoint.AbsoluteUri.TrimEnd('/'))
            .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .WithEnvironment("OTEL_EXPORTER_OTLP_HEADERS", "")
            .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "200");

        _app = await appHost.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        foreach (var service in new[] { ServiceNames.Sandbox, ServiceNames.Orchestrator, ServiceNames.Gateway })
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (Traces is not null)
        {
            await Traces.DisposeAsync();
        }
        if (Llm is not null)
        {
            await Llm.DisposeAsync();
        }
        await _postgres.DisposeAsync();
    }
}
