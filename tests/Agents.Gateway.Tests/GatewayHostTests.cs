using System.Net;
using System.Net.Http.Json;
using Agents.Contracts;
using Agents.Testing;

namespace Agents.Gateway.Tests;

/// <summary>The gateway as users run it: a real process on a loopback port.</summary>
public sealed class GatewayHostTests(PostgresFixture postgres)
{
    private const int SigTerm = 15;
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Health_WithoutDatabase_AnswersHealthyAndAlive()
    {
        await using var gateway = await ServiceProcess.StartAsync("Agents.Gateway", OwnDataFolder());

        var health = await gateway.Http.GetAsync("/health", TestContext.Current.CancellationToken);
        var alive = await gateway.Http.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Health_OfASecondGatewayOnTheSameDataFolder_IsUnhealthyNamingTheCauseButAlive()
    {
        var data = TempDirectories.Create("agents-gateway-");
        var environment = new Dictionary<string, string?> { ["Pipeline__DataDirectory"] = data };
        await using var first = await ServiceProcess.StartAsync("Agents.Gateway", environment);
        await using var second = await ServiceProcess.StartAsync("Agents.Gateway", environment);

        using var firstHealth = await first.Http.GetAsync("/health", TestContext.Current.CancellationToken);
        using var secondHealth = await second.Http.GetAsync("/health", TestContext.Current.CancellationToken);
        using var secondAlive = await second.Http.GetAsync("/alive", TestContext.Current.CancellationToken);
        var cause = await secondHealth.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, firstHealth.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, secondHealth.StatusCode);
        Assert.StartsWith("Unhealthy", cause, StringComparison.Ordinal);
        Assert.Contains("used by another process", cause, StringComparison.Ordinal);
        Assert.Contains("Pipeline:DataDirectory", cause, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, secondAlive.StatusCode);
    }

    [Fact]
    public async Task Info_ReturnsServiceNameAndMode()
    {
        await using var gateway = await ServiceProcess.StartAsync("Agents.Gateway", OwnDataFolder());

        var info = await gateway.Http.GetFromJsonAsync("/api/info", AgentsJsonContext.Default.ServiceInfo, TestContext.Current.CancellationToken);

        Assert.Equal(ServiceNames.Gateway, info?.Service);
        Assert.Equal("embedded", info?.Mode);
    }

    [Fact]
    public async Task Sigterm_StopsTheGatewayCleanly()
    {
        await using var gateway = await ServiceProcess.StartAsync("Agents.Gateway", OwnDataFolder());
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);

        Assert.True(gateway.Process.Signal(SigTerm), "the service had already exited");
        var exitCode = await gateway.Process.WaitForExitAsync(s_exitTimeout);

        Assert.Equal(0, exitCode);
        Assert.Contains("Application is shutting down", gateway.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_WithReachableDatabase_IsHealthy()
    {
        var connectionString = await postgres.CreateDatabaseAsync("gw");
        await using var gateway = await ServiceProcess.StartAsync("Agents.Gateway", new Dictionary<string, string?> { ["ConnectionStrings__agents"] = connectionString });

        var health = await gateway.Http.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Health_WithUnreachableDatabase_IsUnhealthyButAlive()
    {
        // A valid connection string to a port nothing listens on: the gateway starts, but is not ready.
        var unreachable = "Host=127.0.0.1;Port=1;Username=postgres;Database=agents;Timeout=2";
        await using var gateway = await ServiceProcess.StartAsync("Agents.Gateway", new Dictionary<string, string?> { ["ConnectionStrings__agents"] = unreachable });

        var health = await gateway.Http.GetAsync("/health", TestContext.Current.CancellationToken);
        var alive = await gateway.Http.GetAsync("/alive", TestContext.Current.CancellationToken);
        var cause = await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        // The failing check is named (Aspire's Npgsql check of the shared data source), with the refused connection.
        Assert.Contains($"{Environment.NewLine}PostgreSql: ", cause, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", cause, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Start_WithNonNumericSetting_ExitsNamingTheSetting()
    {
        await using var process = ChildProcess.StartDotnet(
            TestPaths.ProjectOutput("Agents.Gateway"),
            ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?> { ["Gateway__RateLimits__RequestsPerMinute"] = "lots" });

        var exitCode = await process.WaitForExitAsync(s_exitTimeout);

        Assert.Equal(2, exitCode);
        Assert.Contains("Gateway:RateLimits:RequestsPerMinute", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is not a connection string")]
    [InlineData("Host=localhost;NoSuchKeyword=1")]
    [InlineData("Username=postgres;Database=agents")]
    public async Task Start_WithUnparsableConnectionString_ExitsNamingTheSetting(string connectionString)
    {
        await using var process = ChildProcess.StartDotnet(
            TestPaths.ProjectOutput("Agents.Gateway"),
            ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?> { ["ConnectionStrings__agents"] = connectionString });

        var exitCode = await process.WaitForExitAsync(s_exitTimeout);

        Assert.Equal(2, exitCode);
        Assert.Contains("ConnectionStrings:agents", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", process.Output, StringComparison.Ordinal);
    }

    // Readiness includes the pipelines, which need a data folder no other gateway (of a test running alongside) holds.
    private static Dictionary<string, string?> OwnDataFolder() => new() { ["Pipeline__DataDirectory"] = TempDirectories.Create("agents-gateway-") };
}
