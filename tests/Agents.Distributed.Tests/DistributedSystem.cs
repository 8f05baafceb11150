using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Agents.Contracts;
using Agents.Testing;
using Agents.Testing.OpenAi;

namespace Agents.Distributed.Tests;

/// <summary>
/// The distributed mode on loopback: gateway (<c>Gateway:Mode=distributed</c>), orchestrator (PostgreSQL journal) and
/// sandbox host as real processes, each told that its Dapr sidecar is <see cref="FakeDaprSidecar"/>, and a scripted
/// model. The gateway keeps the events it receives in its own data folder, so what it streams came through pub/sub.
/// Verifications go to the sandbox over gRPC through the sidecar's gRPC port (<c>dapr-app-id: sandbox</c>).
/// </summary>
internal sealed class DistributedSystem : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _orchestratorEnvironment;
    private readonly string _gatewayData;

    private DistributedSystem(OpenAiTestServer llm, FakeDaprSidecar sidecar, Dictionary<string, string?> orchestratorEnvironment, string gatewayData)
    {
        Llm = llm;
        Sidecar = sidecar;
        _orchestratorEnvironment = orchestratorEnvironment;
        _gatewayData = gatewayData;
    }

    /// <summary>The gateway's gRPC listener (its <c>Grpc:Port</c>).</summary>
    public Uri GatewayGrpc { get; } = LoopbackGrpc();

    /// <summary>The orchestrator's gRPC listener, the same across restarts.</summary>
    public Uri OrchestratorGrpc { get; } = LoopbackGrpc();

    public OpenAiTestServer Llm { get; }

    public FakeDaprSidecar Sidecar { get; }

    public ServiceProcess? Sandbox { get; private set; }

    public ServiceProcess? Gateway { get; private set; }

    public ServiceProcess? Orchestrator { get; private set; }

    public static async Task<DistributedSystem> StartAsync(string connectionString)
    {
        var llm = await OpenAiTestServer.StartAsync();
        var sidecar = await FakeDaprSidecar.StartAsync();
        var dapr = sidecar.Port.ToString(CultureInfo.InvariantCulture);
        var daprGrpc = $"http://127.0.0.1:{sidecar.GrpcPort.ToString(CultureInfo.InvariantCulture)}";
        var system = new DistributedSystem(llm, sidecar, new Dictionary<string, string?>
        {
            ["ConnectionStrings__agents"] = connectionString,
            ["DAPR_HTTP_PORT"] = dapr,
            ["DAPR_GRPC_ENDPOINT"] = daprGrpc,
            ["Llm__Providers__scripted__Preset"] = "openai-compatible",
            ["Llm__Providers__scripted__Endpoint"] = llm.Endpoint,
            ["Llm__Providers__scripted__Models__0"] = "test-model",
            ["Llm__Providers__scripted__MaxRetries"] = "0",
            ["Llm__Providers__scripted__TimeoutSeconds"] = "20",
        }, TempDirectories.Create("agents-gateway-"));
        system._orchestratorEnvironment["Grpc__Port"] = system.OrchestratorGrpc.Port.ToString(CultureInfo.InvariantCulture);
        try
        {
            var sandboxGrpcPort = TestPorts.Free();
            var sandbox = ServiceProcess.StartAsync("Agents.SandboxHost", new Dictionary<string, string?> { ["DAPR_HTTP_PORT"] = dapr, ["Grpc__Port"] = sandboxGrpcPort.ToString(CultureInfo.InvariantCulture) });
            var gateway = ServiceProcess.StartAsync("Agents.Gateway", new Dictionary<string, string?>
            {
                ["Gateway__Mode"] = "distributed",
                ["DAPR_HTTP_PORT"] = dapr,
                ["DAPR_GRPC_ENDPOINT"] = daprGrpc,
                ["Pipeline__DataDirectory"] = system._gatewayData,
                ["Grpc__Port"] = system.GatewayGrpc.Port.ToString(CultureInfo.InvariantCulture),
            });
            var orchestrator = ServiceProcess.StartAsync("Agents.Orchestrator", system._orchestratorEnvironment);
            system.Sandbox = await sandbox;
            system.Gateway = await gateway;
            system.Orchestrator = await orchestrator;
            sidecar.Register(ServiceNames.Sandbox, system.Sandbox.Address);
            sidecar.RegisterGrpc(ServiceNames.Sandbox, new Uri($"http://127.0.0.1:{sandboxGrpcPort.ToString(CultureInfo.InvariantCulture)}"));
            sidecar.Register(ServiceNames.Gateway, system.Gateway.Address);
            sidecar.Register(ServiceNames.Orchestrator, system.Orchestrator.Address);
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
        return system;
    }

    /// <summary>Starts a new orchestrator process on the same database (the old one must be gone).</summary>
    public async Task RestartOrchestratorAsync()
    {
        await Orchestrator!.DisposeAsync();
        Orchestrator = await ServiceProcess.StartAsync("Agents.Orchestrator", _orchestratorEnvironment);
        Sidecar.Register(ServiceNames.Orchestrator, Orchestrator.Address);
    }

    public async Task<string> StartRunAsync()
    {
        using var response = await Gateway!.Http.PostAsJsonAsync("/api/workflow/full-sdlc", new { requirements = PipelineScripts.Requirements, language = "python", maxIterations = 2 });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}\n{Output()}");
        var accepted = JsonSerializer.Deserialize(body, AgentsJsonContext.Default.PipelineAccepted)!;
        Assert.Equal($"/api/workflow/{accepted.Id}", response.Headers.Location?.OriginalString);
        return accepted.Id;
    }

    public async Task<PipelineRun> GetRunAsync(string id) =>
        (await Gateway!.Http.GetFromJsonAsync($"/api/workflow/{id}", AgentsJsonContext.Default.PipelineRun))!;

    public Task<List<SseEvent>> ReadEventsAsync(string id, Func<SseEvent, bool> until) =>
        EventStream.ReadAsync(Gateway!.Address, id, until, diagnostics: Output);

    private static Uri LoopbackGrpc() => new($"http://127.0.0.1:{TestPorts.Free().ToString(CultureInfo.InvariantCulture)}");

    public string Output() =>
        $"--- gateway\n{Gateway?.Process.Output}\n--- orchestrator\n{Orchestrator?.Process.Output}\n--- sandbox\n{Sandbox?.Process.Output}";

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { Gateway, Orchestrator, Sandbox })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }
        await Sidecar.DisposeAsync();
        await Llm.DisposeAsync();
        try
        {
            Directory.Delete(_gatewayData, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }}
