using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Agents.Contracts;
using Agents.Testing;
using Agents.Testing.OpenAi;

namespace Agents.Distributed.Tests;

/// <summary>
/// The distributed mode without sidecars, by service discovery (<c>services__{name}__http__0</c>, as the AppHost's
/// <c>WithReference</c> sets): the gateway reaches the orchestrator, the orchestrator reaches the sandbox and posts its
/// events to the gateway's subscription route.
/// </summary>
public sealed class UrlModeTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Pipeline_WithoutSidecars_RunsThroughTheConfiguredUrls()
    {
        await using var llm = await OpenAiTestServer.StartAsync(TestContext.Current.CancellationToken);
        var data = TempDirectories.Create("agents-gateway-");
        var orchestratorUrl = $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}";
        await using var sandbox = await ServiceProcess.StartAsync("Agents.SandboxHost");
        await using var gateway = await ServiceProcess.StartAsync("Agents.Gateway", new Dictionary<string, string?>
        {
            ["Gateway__Mode"] = "distributed",
            ["services__orchestrator__http__0"] = orchestratorUrl,
            ["Pipeline__DataDirectory"] = data,
        });
        await using var orchestrator = await ServiceProcess.StartAsync("Agents.Orchestrator", new Dictionary<string, string?>
        {
            ["ConnectionStrings__agents"] = await postgres.CreateDatabaseAsync("url"),
            ["services__sandbox__http__0"] = sandbox.Address.ToString(),
            ["services__gateway__http__0"] = gateway.Address.ToString(),
            ["Llm__Providers__scripted__Preset"] = "openai-compatible",
            ["Llm__Providers__scripted__Endpoint"] = llm.Endpoint,
            ["Llm__Providers__scripted__Models__0"] = "test-model",
            ["Llm__Providers__scripted__MaxRetries"] = "0",
        }, ["--urls", orchestratorUrl]);
        PipelineScripts.PassFirstTime(llm);

        using var response = await gateway.Http.PostAsJsonAsync("/api/workflow/full-sdlc", new { requirements = PipelineScripts.Requirements, language = "python" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync(AgentsJsonContext.Default.PipelineAccepted, TestContext.Current.CancellationToken))!.Id;
        var events = await EventStream.ReadAsync(gateway.Address, id, e => e.IsFinal, diagnostics: () => orchestrator.Process.Output);
        var run = await gateway.Http.GetFromJsonAsync($"/api/workflow/{id}", AgentsJsonContext.Default.PipelineRun, TestContext.Current.CancellationToken);
        var page = await gateway.Http.GetFromJsonAsync("/api/workflow?pageSize=5", AgentsJsonContext.Default.PipelineRunPage, TestContext.Current.CancellationToken);

        Assert.Equal("PipelineCompleted", events[^1].Type);
        Assert.Equal(PipelineStatuses.Completed, run?.Status);
        Assert.True(Assert.Single(run!.Iterations).Verified);
        Assert.Equal(id, Assert.Single(page!.Runs).Id);
        // The events the gateway streams were received over HTTP and kept in its own folder.
        Assert.True(File.Exists(Path.Combine(data, "events", id + ".jsonl")));
        Directory.Delete(data, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
