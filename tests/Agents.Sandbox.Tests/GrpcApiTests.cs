using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Agents.Client;
using Agents.Contracts;
using Agents.Testing;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;

namespace Agents.Sandbox.Tests;

/// <summary><c>agents.v1.Verification</c> on SandboxHost's HTTP/2 listener (Grpc:Port), beside its HTTP API on --urls.</summary>
public sealed class GrpcApiTests
{
    [Fact]
    public async Task SandboxHost_VerifyOverGrpc_GivesTheHttpResultAndLogsTheGrpcHop()
    {
        var port = FreePort();
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
        var port = FreePort();
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
        var port = FreePort();
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

    private static string Invariant(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
