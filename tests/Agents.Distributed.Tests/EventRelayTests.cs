using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Agents.Contracts;
using Agents.Testing;
using Agents.Testing.OpenAi;

namespace Agents.Distributed.Tests;

/// <summary>
/// The orchestrator's events reach the gateway from the outbox in PostgreSQL: what a killed orchestrator stored while the
/// gateway was down is sent by its successor, in order, each event once in the gateway's stream.
/// </summary>
public sealed class EventRelayTests(PostgresFixture postgres)
{
    private const int SigKill = 9;

    [Fact]
    public async Task Events_StoredWhileTheGatewayIsDown_ReachItOnceEach_AfterTheOrchestratorIsKilledAndRestarted()
    {
        await using var llm = await OpenAiTestServer.StartAsync(TestContext.Current.CancellationToken);
        var data = TempDirectories.Create("agents-gateway-");
        var gatewayUrl = Loopback(FreePort());
        var orchestratorUrl = Loopback(FreePort());
        await using var sandbox = await ServiceProcess.StartAsync("Agents.SandboxHost");
        var orchestratorEnvironment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__agents"] = await postgres.CreateDatabaseAsync("relay"),
            ["services__sandbox__http__0"] = sandbox.Address.ToString(),
            ["SandboxClient__Protocol"] = "http",
            // Nothing listens here until the gateway starts, after the orchestrator was killed.
            ["services__gateway__http__0"] = gatewayUrl,
            ["Llm__Providers__scripted__Preset"] = "openai-compatible",
            ["Llm__Providers__scripted__Endpoint"] = llm.Endpoint,
            ["Llm__Providers__scripted__Models__0"] = "test-model",
            ["Llm__Providers__scripted__MaxRetries"] = "0",
        };
        var killed = await ServiceProcess.StartAsync("Agents.Orchestrator", orchestratorEnvironment, ["--urls", orchestratorUrl]);
        ServiceProcess? orchestrator = null;
        ServiceProcess? gateway = null;
        try
        {
            PipelineScripts.PassFirstTime(llm, testPauseSeconds: 4);
            using var response = await killed.Http.PostAsJsonAsync("/api/workflow/full-sdlc", new { requirements = PipelineScripts.Requirements, language = "python" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var id = (await response.Content.ReadFromJsonAsync(AgentsJsonContext.Default.PipelineAccepted, TestContext.Current.CancellationToken))!.Id;
            var beforeKill = await EventStream.ReadAsync(killed.Address, id, e => e.Type == "StepStarted" && e.Step == PipelineSteps.Verify, diagnostics: () => killed.Process.Output);
            Assert.True(killed.Process.Signal(SigKill), "the service had already exited");
            await killed.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

            orchestrator = await ServiceProcess.StartAsync("Agents.Orchestrator", orchestratorEnvironment, ["--urls", orchestratorUrl]);
            gateway = await ServiceProcess.StartAsync("Agents.Gateway", new Dictionary<string, string?>
            {
                ["Gateway__Mode"] = "distributed",
                ["services__orchestrator__http__0"] = orchestratorUrl,
                ["Pipeline__DataDirectory"] = data,
            }, ["--urls", gatewayUrl]);
            var (restarted, started) = (orchestrator, gateway);
            var diagnostics = () => $"--- gateway\n{started.Process.Output}\n--- orchestrator\n{restarted.Process.Output}";
            // The run may finish before the relay's retry reaches the new gateway, and a finished run's stream with
            // nothing new ends; a client reconnects (as EventSource does) and reads the whole stream again.
            var received = new List<SseEvent>();
            for (var attempt = 0; attempt < 20 && received is not [.., { IsFinal: true }]; attempt++)
            {
                received = await EventStream.ReadAsync(gateway.Address, id, e => e.IsFinal, diagnostics: diagnostics);
            }
            var stored = await EventStream.ReadAsync(restarted.Address, id, e => e.IsFinal, diagnostics: diagnostics);

            Assert.Equal("PipelineCompleted", stored[^1].Type);
            Assert.Equal(beforeKill.Select(e => e.Id), stored.Take(beforeKill.Count).Select(e => e.Id));
            // Every stored event, those the killed process never sent included, once each and in order.
            Assert.Equal(stored.Select(e => e.Id), received.Select(e => e.Id));
        }
        finally
        {
            await killed.DisposeAsync();
            if (orchestrator is not null)
            {
                await orchestrator.DisposeAsync();
            }
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }
            Directory.Delete(data, recursive: true);
        }
    }

    private static string Loopback(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
