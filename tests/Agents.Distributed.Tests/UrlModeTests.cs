using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Agents.Contracts;
using Agents.Testing;
using Agents.Testing.OpenAi;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Agents.Distributed.Tests;

/// <summary>
/// The distributed mode without sidecars, by service discovery (<c>services__{name}__http__0</c>, as the AppHost's
/// <c>WithReference</c> sets): the gateway reaches the orchestrator, the orchestrator reaches the sandbox over gRPC
/// (<c>services__sandbox__grpc__0</c>) and posts its events to the gateway's subscription route; the gateway's own
/// verifications go to the sandbox over HTTP (<c>SandboxClient__Protocol=http</c>).
/// </summary>
public sealed class UrlModeTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Pipeline_WithoutSidecars_RunsThroughTheConfiguredUrls()
    {
        await using var system = await UrlModeSystem.StartAsync(await postgres.CreateDatabaseAsync("url"));
        var (gateway, orchestrator, data) = (system.Gateway, system.Orchestrator, system.DataDirectory);
        PipelineScripts.PassFirstTime(system.Llm);

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
        // The verification reached the sandbox over gRPC, directly: no sidecar, so no app id on the call.
        var hop = await system.Sandbox.Process.WaitForLineAsync(l => l.Contains("gRPC Verify: python", StringComparison.Ordinal), Timeout.InfiniteTimeSpan)
            .WaitAsync(TestContext.Current.CancellationToken);
        Assert.Contains("dapr-app-id ''", hop, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mcp_OnADistributedGateway_StartsAndReadsTheOrchestratorsRuns_AndVerifiesOnTheSandboxService()
    {
        await using var system = await UrlModeSystem.StartAsync(await postgres.CreateDatabaseAsync("urlmcp"));
        PipelineScripts.PassFirstTime(system.Llm);
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(system.Gateway.Address, "/mcp") }),
            cancellationToken: TestContext.Current.CancellationToken);

        var started = await CallAsync(client, "start_pipeline", new() { ["requirements"] = PipelineScripts.Requirements, ["language"] = "python" });
        var id = started.GetProperty("id").GetString()!;
        await EventStream.ReadAsync(system.Gateway.Address, id, e => e.IsFinal, diagnostics: () => system.Orchestrator.Process.Output);
        var run = await CallAsync(client, "get_run", new() { ["id"] = id });
        var page = await CallAsync(client, "list_runs", new() { ["pageSize"] = 5 });
        var verified = await CallAsync(client, "verify_code", new()
        {
            ["language"] = "python",
            ["files"] = new Dictionary<string, string> { ["calc.py"] = "def add(a, b):\n    return a + b\n" },
            ["tests"] = new Dictionary<string, string> { ["test_calc.py"] = "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n" },
        });
        var unknown = await client.CallToolAsync("get_run", new Dictionary<string, object?> { ["id"] = "nosuchrun" }, cancellationToken: TestContext.Current.CancellationToken);
        var rejected = await client.CallToolAsync("start_pipeline", new Dictionary<string, object?> { ["requirements"] = new string('x', 30_000), ["language"] = "python" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(PipelineStatuses.Completed, run.GetProperty("status").GetString());
        Assert.Equal(id, Assert.Single(page.GetProperty("runs").EnumerateArray()).GetProperty("id").GetString());
        Assert.True(verified.GetProperty("verified").GetBoolean(), verified.ToString());
        Assert.True(unknown.IsError);
        // The orchestrator's 400 reaches the calling model as the field and the rule.
        Assert.True(rejected.IsError);
        Assert.Contains("requirements", string.Join(" ", rejected.Content.OfType<TextContentBlock>().Select(c => c.Text)), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.IsError is null or false, string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text)));
        return JsonSerializer.SerializeToElement(result.StructuredContent);
    }

    /// <summary>Sandbox, distributed gateway and orchestrator, each a process, wired by their service-discovery settings.</summary>
    private sealed record UrlModeSystem(OpenAiTestServer Llm, ServiceProcess Sandbox, ServiceProcess Gateway, ServiceProcess Orchestrator, string DataDirectory) : IAsyncDisposable
    {
        public static async Task<UrlModeSystem> StartAsync(string connectionString)
        {
            var llm = await OpenAiTestServer.StartAsync(TestContext.Current.CancellationToken);
            var data = TempDirectories.Create("agents-gateway-");
            var orchestratorUrl = $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}";
            var sandboxGrpcPort = FreePort().ToString(CultureInfo.InvariantCulture);
            var sandbox = await ServiceProcess.StartAsync("Agents.SandboxHost", new Dictionary<string, string?> { ["Grpc__Port"] = sandboxGrpcPort });
            var gateway = await ServiceProcess.StartAsync("Agents.Gateway", new Dictionary<string, string?>
            {
                ["Gateway__Mode"] = "distributed",
                ["services__orchestrator__http__0"] = orchestratorUrl,
                ["services__sandbox__http__0"] = sandbox.Address.ToString(),
                ["SandboxClient__Protocol"] = "http",
                ["Pipeline__DataDirectory"] = data,
            });
            var orchestrator = await ServiceProcess.StartAsync("Agents.Orchestrator", new Dictionary<string, string?>
            {
                ["ConnectionStrings__agents"] = connectionString,
                ["services__sandbox__grpc__0"] = $"http://127.0.0.1:{sandboxGrpcPort}",
                ["services__gateway__http__0"] = gateway.Address.ToString(),
                ["Llm__Providers__scripted__Preset"] = "openai-compatible",
                ["Llm__Providers__scripted__Endpoint"] = llm.Endpoint,
                ["Llm__Providers__scripted__Models__0"] = "test-model",
                ["Llm__Providers__scripted__MaxRetries"] = "0",
            }, ["--urls", orchestratorUrl]);
            return new UrlModeSystem(llm, sandbox, gateway, orchestrator, data);
        }

        public async ValueTask DisposeAsync()
        {
            await Orchestrator.DisposeAsync();
            await Gateway.DisposeAsync();
            await Sandbox.DisposeAsync();
            await Llm.DisposeAsync();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
