using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agents.Contracts;
using Agents.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox.Tests;

/// <summary>POST /api/verify over real HTTP: the gateway (embedded mode) and SandboxHost (through SandboxHttpClient).</summary>
public sealed class HttpApiTests
{
    private const int SigKill = 9;

    [Fact]
    public async Task Gateway_VerifySample_AgreesWithTheDataSetLabels()
    {
        await using var gateway = await ServiceProcess.StartAsync("Agents.Gateway");
        // Both outcomes, from several tasks, with base and plus tests.
        var sample = DataSetTests.LoadCases().Where((_, i) => i % 23 == 0).ToList();
        Assert.Contains(sample, c => c.Expected);
        Assert.Contains(sample, c => !c.Expected);

        foreach (var labelled in sample)
        {
            using var response = await gateway.Http.PostAsJsonAsync("/api/verify", labelled.Request, AgentsJsonContext.Default.VerificationRequest, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var result = await response.Content.ReadFromJsonAsync(AgentsJsonContext.Default.VerificationResult, TestContext.Current.CancellationToken);

            Assert.NotNull(result);
            Assert.True(labelled.Expected == result.Verified, $"{labelled.Name}: expected verified={labelled.Expected}");
            Assert.InRange(result.TrustScore, 0, 1);
            Assert.Equal(4, result.Checkpoints.Count);
        }
    }

    [Fact]
    public async Task Gateway_VerifyWithTraversalPath_Is400ProblemNamingThePath()
    {
        await using var gateway = await ServiceProcess.StartAsync("Agents.Gateway");
        const string body = """{"language":"python","files":{"../../escape.py":"x = 1"},"tests":{"test_x.py":"def test_x():\n    pass\n"}}""";

        using var response = await gateway.Http.PostAsync("/api/verify", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(problem);
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty("files[../../escape.py]", out _), problem);
    }

    [Fact]
    public async Task SandboxHost_ThroughSandboxHttpClient_VerifiesAndRejectsLikeTheLibrary()
    {
        await using var host = await ServiceProcess.StartAsync("Agents.SandboxHost");
        // Wired as the distributed pipeline wires it.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["services:sandbox:http:0"] = host.Address.ToString();
        builder.Configuration["SandboxClient:Protocol"] = "http";
        builder.AddServiceDefaults();
        builder.AddAgentsSandboxClient();
        using var app = builder.Build();
        var client = app.Services.GetRequiredService<IVerificationService>();
        var passing = Requests.Python("from solution import add\n\ndef test_add():\n    assert add(1, 2) == 3\n", claims: [new("function", "add", "solution.py")]);
        var bad = new VerificationRequest(VerificationLanguages.Python, new Dictionary<string, string> { ["/etc/passwd"] = "x" });

        var result = await client.VerifyAsync(passing, TestContext.Current.CancellationToken);
        var rejected = await Assert.ThrowsAsync<InvalidVerificationRequestException>(() => client.VerifyAsync(bad, TestContext.Current.CancellationToken));

        Assert.True(result.Verified);
        Assert.Equal("bubblewrap", result.Isolation);
        Assert.Contains("files[/etc/passwd]", rejected.Errors.Keys);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public void SandboxClient_WithoutSidecarOrDiscoverySetting_FailsValidationNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["SandboxClient:Protocol"] = "http";
        builder.AddAgentsSandboxClient();
        using var app = builder.Build();

        var failure = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<SandboxClientOptions>>().Value);

        Assert.Contains("services:sandbox:http:0", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SandboxClient_WithADaprSidecar_NeedsNoDiscoverySettingAndCallsTheSandboxApp()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["DAPR_HTTP_PORT"] = "3511";
        builder.Configuration["SandboxClient:Protocol"] = "http";
        builder.AddAgentsSandboxClient();
        using var app = builder.Build();

        // Validation passes without services:sandbox: the sidecar finds the app.
        var options = app.Services.GetRequiredService<IOptions<SandboxClientOptions>>().Value;
        // The typed client's HttpClient is configured under its service type's name; the sidecar's invocation
        // handler rewrites http://sandbox/… to the sidecar's /v1.0/invoke/sandbox/method/….
        using var http = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(IVerificationService));

        Assert.Equal(600, options.TimeoutSeconds);
        Assert.Equal(new Uri("http://sandbox"), http.BaseAddress);
    }

    [Fact]
    public async Task SandboxHost_CodeKillingItsParentAndTheHost_LeavesTheHostRunning()
    {
        await using var host = await ServiceProcess.StartAsync("Agents.SandboxHost");
        using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(2) };
        var client = new SandboxHttpClient(http);
        var test = $$"""
            import os
            import signal

            def test_kill_everything():
                for pid in [os.getppid(), 1, {{host.Process.Id}}, -1]:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
                os.kill(os.getppid(), 0)
                assert False, "survived: the sandbox's init is untouchable and the host is not visible"
            """;

        var result = await client.VerifyAsync(Requests.Python(test), TestContext.Current.CancellationToken);
        var after = await client.VerifyAsync(Requests.Python("from solution import add\n\ndef test_add():\n    assert add(2, 2) == 4\n"), TestContext.Current.CancellationToken);

        Assert.False(result.Verified);
        Assert.Contains("survived", result.Tests.Failures.Single().Message, StringComparison.Ordinal);
        Assert.False(host.Process.HasExited);
        Assert.True(after.Verified);
    }

    [Fact]
    public async Task SandboxHost_InvalidOptions_ExitsAtStartNamingTheSetting()
    {
        await using var process = ChildProcess.StartDotnet(
            TestPaths.ProjectOutput("Agents.SandboxHost"),
            ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?> { ["Sandbox__MaxParallelVerifications"] = "0" });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("MaxParallelVerifications", process.Output, StringComparison.Ordinal);
    }
}
