using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agents.Contracts;
using Agents.Testing;

namespace Agents.Gateway.Tests;

/// <summary>
/// The standard resilience handler every service-to-service client gets (ServiceDefaults): safe calls are retried
/// after a transient failure, unsafe ones are sent once, whatever the answer.
/// </summary>
public sealed class ResilienceTests
{
    private static readonly VerificationResult s_passed = new(true, 1.0, [], new TestSummary(1, 0, 0, 0, []), "scripted");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Verify_WhenTheSandboxFailsOnce_IsSentOnceAndTheFailureReported()
    {
        await using var sandbox = await ScriptedUpstream.StartAsync((int)HttpStatusCode.InternalServerError, JsonSerializer.Serialize(s_passed, AgentsJsonContext.Default.VerificationResult));
        await using var gateway = await StartDistributedAsync(orchestrator: sandbox.Address, sandbox: sandbox.Address);

        using var response = await gateway.Http.PostAsJsonAsync("/api/verify", new { language = "python", files = new Dictionary<string, string> { ["main.py"] = "print(1)\n" } }, Ct);

        // A retry would have got the scripted success; a POST /api/verify is never sent twice.
        Assert.True((int)response.StatusCode >= 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal(1, sandbox.Calls("POST", "/api/verify"));
    }

    [Fact]
    public async Task StatusRead_WhenTheOrchestratorFailsOnce_IsRetriedAndAnswered()
    {
        await using var orchestrator = await ScriptedUpstream.StartAsync((int)HttpStatusCode.ServiceUnavailable, "[]");
        await using var gateway = await StartDistributedAsync(orchestrator: orchestrator.Address, sandbox: orchestrator.Address);

        using var response = await gateway.Http.GetAsync("/api/workflow", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, orchestrator.Calls("GET", "/api/workflow"));
    }

    private static Task<ServiceProcess> StartDistributedAsync(Uri orchestrator, Uri sandbox) =>
        ServiceProcess.StartAsync("Agents.Gateway", new Dictionary<string, string?>
        {
            ["Gateway__Mode"] = "distributed",
            ["services__orchestrator__http__0"] = orchestrator.ToString(),
            ["services__sandbox__http__0"] = sandbox.ToString(),
            // The scripted upstream speaks HTTP: this is the HTTP client's retry rule.
            ["SandboxClient__Protocol"] = "http",
            ["Pipeline__DataDirectory"] = TempDirectories.Create("agents-gateway-"),
        });
}
