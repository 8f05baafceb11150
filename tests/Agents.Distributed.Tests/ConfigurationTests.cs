using System.Net;
using System.Net.Http.Json;
using Agents.Contracts;
using Agents.Testing;

namespace Agents.Distributed.Tests;

/// <summary>Missing or contradictory settings of the distributed mode stop a service at start (exit 2) naming the setting.</summary>
public sealed class ConfigurationTests
{
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Orchestrator_WithoutDatabase_ExitsNamingTheSetting() =>
        await AssertRefusesToStartAsync("Agents.Orchestrator", [], "ConnectionStrings:agents");

    [Fact]
    public async Task Orchestrator_WithUnreachableDatabase_IsUnhealthyButAlive()
    {
        // A valid connection string to a port nothing listens on: the orchestrator starts, but is not ready.
        await using var orchestrator = await ServiceProcess.StartAsync("Agents.Orchestrator", new Dictionary<string, string?>
        {
            ["ConnectionStrings__agents"] = "Host=127.0.0.1;Port=1;Username=postgres;Database=agents;Timeout=2",
            ["services__sandbox__grpc__0"] = "http://127.0.0.1:1",
        });

        using var health = await orchestrator.Http.GetAsync("/health", TestContext.Current.CancellationToken);
        using var alive = await orchestrator.Http.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Gateway_DistributedWithoutDiscoverySettingOrSidecar_ExitsNamingTheSetting() =>
        await AssertRefusesToStartAsync("Agents.Gateway", new() { ["Gateway__Mode"] = "distributed" }, "services:orchestrator:http:0");

    [Fact]
    public async Task Orchestrator_WithAnUnknownSandboxProtocol_ExitsNamingTheSetting() =>
        await AssertRefusesToStartAsync("Agents.Orchestrator", new()
        {
            ["ConnectionStrings__agents"] = "Host=127.0.0.1;Port=1;Username=postgres;Database=agents",
            ["services__sandbox__grpc__0"] = "http://127.0.0.1:1",
            ["SandboxClient__Protocol"] = "soap",
        }, "SandboxClient:Protocol");

    [Fact]
    public async Task Orchestrator_WithOnlyTheSandboxsHttpAddress_ExitsNamingTheGrpcSetting() =>
        await AssertRefusesToStartAsync("Agents.Orchestrator", new()
        {
            ["ConnectionStrings__agents"] = "Host=127.0.0.1;Port=1;Username=postgres;Database=agents",
            ["services__sandbox__http__0"] = "http://127.0.0.1:1",
        }, "services:sandbox:grpc:0");

    [Fact]
    public async Task Gateway_WithAnUnknownMode_ExitsNamingTheSetting() =>
        await AssertRefusesToStartAsync("Agents.Gateway", new() { ["Gateway__Mode"] = "cluster" }, "Gateway:Mode");

    [Fact]
    public async Task Gateway_DistributedWithASidecar_NeedsNoDiscoverySetting()
    {
        await using var gateway = await ServiceProcess.StartAsync("Agents.Gateway", new Dictionary<string, string?>
        {
            ["Gateway__Mode"] = "distributed",
            ["DAPR_HTTP_PORT"] = "3500",
            // daprd gives its app both ports; the sandbox is called on the gRPC one.
            ["DAPR_GRPC_PORT"] = "50001",
            ["Pipeline__DataDirectory"] = TempDirectories.Create("agents-gateway-"),
        });

        var info = await gateway.Http.GetFromJsonAsync("/api/info", AgentsJsonContext.Default.ServiceInfo, TestContext.Current.CancellationToken);

        Assert.Equal("distributed", info?.Mode);
    }

    private static async Task AssertRefusesToStartAsync(string project, Dictionary<string, string?> environment, string setting)
    {
        await using var process = ChildProcess.StartDotnet(TestPaths.ProjectOutput(project), ["--urls", "http://127.0.0.1:0"], environment);

        var exitCode = await process.WaitForExitAsync(s_exitTimeout);

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{process.Output}");
        Assert.Contains(setting, process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", process.Output, StringComparison.Ordinal);
    }
}
