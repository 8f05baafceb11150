using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Agents.Testing;

namespace Agents.Pipeline.Tests.Security;

/// <summary>Safe by default: no remote listening without API keys; with keys, the API needs one and health stays open.</summary>
public sealed class ApiKeyTests
{
    private const string Key = "test-key-0123456789";
    private static readonly string s_keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)));

    [Theory]
    [InlineData("ASPNETCORE_URLS", "http://0.0.0.0:0")]
    [InlineData("ASPNETCORE_URLS", "http://*:0")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "0")]
    public async Task Start_OnNonLoopbackAddressWithoutKeys_RefusesToStart(string variable, string value)
    {
        var data = TempDirectories.Create("agents-pipeline-");
        await using var process = ChildProcess.StartDotnet(
            TestPaths.ProjectOutput("Agents.Gateway"), [], new Dictionary<string, string?> { [variable] = value, ["Pipeline__DataDirectory"] = data });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("no API key is configured", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithMalformedKeyHash_RefusesToStartNamingTheSetting()
    {
        await using var process = ChildProcess.StartDotnet(
            TestPaths.ProjectOutput("Agents.Gateway"), ["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?> { ["Gateway__ApiKeys__0__Sha256"] = Key });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("Gateway:ApiKeys:0:Sha256", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_WithKeysConfigured_RequiresBearerKey_HealthAndPageStayOpen()
    {
        var data = TempDirectories.Create("agents-pipeline-");
        // Listening on every interface is allowed once a key is configured.
        await using var gateway = await ServiceProcess.StartAsync(
            "Agents.Gateway",
            new Dictionary<string, string?> { ["Gateway__ApiKeys__0__Name"] = "tests", ["Gateway__ApiKeys__0__Sha256"] = s_keyHash, ["Pipeline__DataDirectory"] = data },
            ["--urls", "http://0.0.0.0:0"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.Address.Port}") };
        var ct = TestContext.Current.CancellationToken;

        using var anonymous = await http.GetAsync("/api/workflow", ct);
        using var wrong = await SendAsync(http, "/api/workflow", "not-the-key", ct);
        using var right = await SendAsync(http, "/api/workflow", Key, ct);
        using var otherApi = await http.GetAsync("/api/providers", ct);
        using var eventsWithToken = await http.GetAsync($"/api/workflow/nosuchrun/events?access_token={Key}", ct);
        using var listWithToken = await http.GetAsync($"/api/workflow?access_token={Key}", ct);
        using var health = await http.GetAsync("/health", ct);
        using var page = await http.GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, eventsWithToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, listWithToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Agents", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await http.SendAsync(request, ct);
    }
}
