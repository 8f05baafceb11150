using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agents.Client;
using Agents.Contracts;
using Agents.Testing;
using Dapr;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Net.ClientFactory;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox.Tests;

/// <summary><c>agents.v1.Verification</c> on SandboxHost's HTTP/2 listener (Grpc:Port), beside its HTTP API on --urls.</summary>
public sealed class GrpcApiTests
{
    [Fact]
    public async Task SandboxHost_VerifyOverGrpc_GivesTheHttpResultAndLogsTheGrpcHop()
    {
        var port = TestPorts.Free();
        await using var host = await ServiceProcess.StartAsync("Agents.SandboxHost", new Dictionary<string, string?> { ["Grpc__Port"] = Invariant(port) });
        using var agents = AgentsClient.Create(new Uri($"http://127.0.0.1:{Invariant(port)}"));
        var request = Requests.Python("from solution import add\n\ndef test_add():\n    assert add(1, 2) == 3\n", claims: [new("function", "add", "solution.py")]);

        var overGrpc = (await agents.Verification.VerifyAsync(request.ToProto(), cancellationToken: TestContext.Current.CancellationToken)).Result.ToContract();
        using var response = await host.Http.PostAsJsonAsync("/api/verify", request, AgentsJsonContext.Default.VerificationRequest, TestContext.Current.CancellationToken);
        var overHttp = await response.Content.ReadFromJsonAsync(AgentsJsonContext.Default.VerificationResult, TestContext.Current.CancellationToken);

        Assert.NotNull(overHttp);
        Assert.True(overGrpc.Verified);
        Assert.Equal(overHttp.Verified, overGrpc.Verified);
        Assert.Equal(overHttp.TrustScore, overGrpc.TrustScore);
        Assert.Equal(overHttp.Checkpoints.Select(c => (c.Name, c.Passed)), overGrpc.Checkpoints.Select(c => (c.Name, c.Passed)));
        Assert.Equal(overHttp.Tests.Passed, overGrpc.Tests.Passed);
        Assert.Equal(overHttp.Isolation, overGrpc.Isolation);
        Assert.Contains("gRPC Verify: python, 1 file(s)", host.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxHost_BadPathOverGrpc_IsInvalidArgumentNamingTheFieldTheProblemNames()
    {
        var port = TestPorts.Free();
        await using var host = await ServiceProcess.StartAsync("Agents.SandboxHost", new Dictionary<string, string?> { ["Grpc__Port"] = Invariant(port) });
        using var agents = AgentsClient.Create(new Uri($"http://127.0.0.1:{Invariant(port)}"));
        var bad = new VerificationRequest(VerificationLanguages.Python, new Dictionary<string, string> { ["/etc/passwd"] = "x" });
        var badLanguage = new VerificationRequest("cobol", new Dictionary<string, string> { ["a.cob"] = "x" });

        foreach (var request in new[] { bad, badLanguage })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(async () => await agents.Verification.VerifyAsync(request.ToProto(), cancellationToken: TestContext.Current.CancellationToken));
            using var response = await host.Http.PostAsJsonAsync("/api/verify", request, AgentsJsonContext.Default.VerificationRequest, TestContext.Current.CancellationToken);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            var httpFields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();

            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
            var violations = ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
            Assert.NotNull(violations);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotEmpty(httpFields);
            Assert.Equal(httpFields, violations.Select(v => v.Field).Distinct().Order(StringComparer.Ordinal));
        }
        Assert.DoesNotContain("Exception", host.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxHost_GrpcHealthAndReflection_AreServedOnTheGrpcPortWhileHttpStaysOnUrls()
    {
        var port = TestPorts.Free();
        await using var host = await ServiceProcess.StartAsync("Agents.SandboxHost", new Dictionary<string, string?> { ["Grpc__Port"] = Invariant(port) });
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{Invariant(port)}");

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: TestContext.Current.CancellationToken);
        using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(cancellationToken: TestContext.Current.CancellationToken);
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, TestContext.Current.CancellationToken);
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Contains("agents.v1.Verification", services);
        Assert.NotEqual(port, host.Address.Port);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task SandboxHost_GrpcPortOutOfRange_ExitsWithCode2NamingTheSetting()
    {
        await using var process = ChildProcess.StartDotnet(TestPaths.ProjectOutput("Agents.SandboxHost"), ["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?> { ["Grpc__Port"] = "70000" });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("Grpc:Port must be between 1 and 65535", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxHost_ThroughSandboxGrpcClient_VerifiesAndRejectsLikeTheLibrary()
    {
        var port = TestPorts.Free();
        await using var host = await ServiceProcess.StartAsync("Agents.SandboxHost", new Dictionary<string, string?> { ["Grpc__Port"] = Invariant(port) });
        // Wired as the orchestrator wires it without a sidecar: the default protocol, service discovery's grpc endpoint.
        using var app = SandboxClientHost(new() { ["services:sandbox:grpc:0"] = $"http://127.0.0.1:{Invariant(port)}" });
        var client = app.Services.GetRequiredService<IVerificationService>();
        var passing = Requests.Python("from solution import add\n\ndef test_add():\n    assert add(1, 2) == 3\n", claims: [new("function", "add", "solution.py")]);
        var bad = new VerificationRequest(VerificationLanguages.Python, new Dictionary<string, string> { ["/etc/passwd"] = "x" });

        var result = await client.VerifyAsync(passing, TestContext.Current.CancellationToken);
        var rejected = await Assert.ThrowsAsync<InvalidVerificationRequestException>(() => client.VerifyAsync(bad, TestContext.Current.CancellationToken));
        var line = await host.Process.WaitForLineAsync(l => l.Contains("gRPC Verify: python", StringComparison.Ordinal), Timeout.InfiniteTimeSpan).WaitAsync(TestContext.Current.CancellationToken);

        Assert.IsType<SandboxGrpcClient>(client);
        Assert.True(result.Verified);
        Assert.Equal("bubblewrap", result.Isolation);
        Assert.Contains("files[/etc/passwd]", rejected.Errors.Keys);
        // Direct: no sidecar, so no app id on the call.
        Assert.Contains("dapr-app-id ''", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxGrpcClient_WhenNothingListensAtTheAddress_ThrowsSandboxUnavailable()
    {
        using var app = SandboxClientHost(new() { ["services:sandbox:grpc:0"] = $"http://127.0.0.1:{Invariant(TestPorts.Free())}" });
        var client = app.Services.GetRequiredService<IVerificationService>();

        await Assert.ThrowsAsync<SandboxUnavailableException>(() => client.VerifyAsync(Requests.Python("def test_x():\n    pass\n"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void SandboxGrpcClient_WithoutSidecarOrGrpcDiscoverySetting_FailsValidationNamingTheSetting()
    {
        // An HTTP address alone is not enough for the default protocol.
        using var app = SandboxClientHost(new() { ["services:sandbox:http:0"] = "http://127.0.0.1:9" });

        var failure = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<SandboxClientOptions>>().Value);

        Assert.Contains("services:sandbox:grpc:0", failure.Message, StringComparison.Ordinal);
        Assert.Contains("SandboxClient:Protocol", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SandboxGrpcClient_WithASidecarButNoGrpcPort_CallsDaprsDefaultPort_AsTheDaprSdkDoes()
    {
        using var app = SandboxClientHost(new() { ["DAPR_HTTP_PORT"] = "3511" });

        var grpc = app.Services.GetRequiredService<IOptionsMonitor<GrpcClientFactoryOptions>>().Get(typeof(Agents.Grpc.V1.Verification.VerificationClient).Name);

        Assert.Equal(new Uri(DaprDefaults.GetDefaultGrpcEndpoint()), grpc.Address);
        Assert.Equal(new Uri("http://localhost:50001"), grpc.Address);
    }

    [Fact]
    public void SandboxGrpcClient_WithASidecar_CallsTheSidecarsGrpcPort()
    {
        using var app = SandboxClientHost(new() { ["DAPR_HTTP_PORT"] = "3511", ["DAPR_GRPC_PORT"] = "50007" });

        var options = app.Services.GetRequiredService<IOptions<SandboxClientOptions>>().Value;
        var grpc = app.Services.GetRequiredService<IOptionsMonitor<GrpcClientFactoryOptions>>().Get(typeof(Agents.Grpc.V1.Verification.VerificationClient).Name);

        Assert.Equal(SandboxClientProtocols.Grpc, options.Protocol);
        Assert.Equal(new Uri("http://localhost:50007"), grpc.Address);
    }

    [Fact]
    public void SandboxClient_WithAnUnknownProtocol_FailsValidationNamingTheSetting()
    {
        using var app = SandboxClientHost(new() { ["services:sandbox:grpc:0"] = "http://127.0.0.1:9", ["SandboxClient:Protocol"] = "soap" });

        var failure = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<SandboxClientOptions>>().Value);

        Assert.Contains("SandboxClient:Protocol must be 'grpc' or 'http'", failure.Message, StringComparison.Ordinal);
    }

    private static IHost SandboxClientHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddAgentsSandboxClient();
        return builder.Build();
    }

    private static string Invariant(int port) => port.ToString(CultureInfo.InvariantCulture);
}
