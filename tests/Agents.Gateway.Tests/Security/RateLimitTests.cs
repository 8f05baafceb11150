using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Agents.Testing;

namespace Agents.Gateway.Tests.Security;

/// <summary>
/// Per-client budgets on the public API (<c>Gateway:RateLimits</c>). Budgets are per minute and a client's minute starts
/// at its first request, so a test that sends a handful of requests never sees a window end.
/// </summary>
public sealed class RateLimitTests
{
    private const string KeyA = "rate-limit-key-a-0123456789";
    private const string KeyB = "rate-limit-key-b-0123456789";
    private const string InvalidJson = "not json";
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_logTimeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Api_AfterTheGeneralLimit_Returns429ProblemWithRetryAfter_WhileHealthAndPageAnswer()
    {
        await using var gateway = await StartAsync(new() { ["Gateway__RateLimits__RequestsPerMinute"] = "3" });

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await gateway.Http.GetAsync("/api/info", Ct);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await gateway.Http.GetAsync("/api/info", Ct);
        using var otherApi = await gateway.Http.GetAsync("/api/providers", Ct);

        await AssertRefusedAsync(refused, "Gateway:RateLimits:RequestsPerMinute");
        Assert.Equal(HttpStatusCode.TooManyRequests, otherApi.StatusCode);
        foreach (var open in new[] { "/health", "/alive", "/", "/app.js" })
        {
            using var response = await gateway.Http.GetAsync(open, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{open}: {(int)response.StatusCode}");
        }
        await gateway.Process.WaitForLineAsync(
            l => l.Contains("Refused GET /api/info from address 127.0.0.1: Gateway:RateLimits:RequestsPerMinute (3 per minute) reached.", StringComparison.Ordinal), s_logTimeout);
    }

    [Fact]
    public async Task Api_WithTwoKeys_EachKeyHasItsOwnBudget_AndTheLogNamesTheKeyNotTheSecret()
    {
        await using var gateway = await StartAsync(new()
        {
            ["Gateway__ApiKeys__0__Name"] = "ci",
            ["Gateway__ApiKeys__0__Sha256"] = Sha256(KeyA),
            ["Gateway__ApiKeys__1__Name"] = "dashboard",
            ["Gateway__ApiKeys__1__Sha256"] = Sha256(KeyB),
            ["Gateway__RateLimits__RequestsPerMinute"] = "2",
        });

        using var a1 = await GetAsync(gateway, "/api/info", KeyA);
        using var a2 = await GetAsync(gateway, "/api/info", KeyA);
        using var a3 = await GetAsync(gateway, "/api/info", KeyA);
        using var b1 = await GetAsync(gateway, "/api/info", KeyB);
        using var b2 = await GetAsync(gateway, "/api/info", KeyB);
        using var b3 = await GetAsync(gateway, "/api/info", KeyB);
        // Without a valid key a request is refused before it can spend anyone's budget.
        using var anonymous = await gateway.Http.GetAsync("/api/info", Ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], new[] { a1.StatusCode, a2.StatusCode });
        await AssertRefusedAsync(a3, "Gateway:RateLimits:RequestsPerMinute");
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], new[] { b1.StatusCode, b2.StatusCode });
        await AssertRefusedAsync(b3, "Gateway:RateLimits:RequestsPerMinute");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        // The console logger writes on its own thread: wait for each refusal's line rather than read the output now.
        await gateway.Process.WaitForLineAsync(l => l.Contains("from API key 'ci'", StringComparison.Ordinal), s_logTimeout);
        await gateway.Process.WaitForLineAsync(l => l.Contains("from API key 'dashboard'", StringComparison.Ordinal), s_logTimeout);
        var output = gateway.Process.Output;
        Assert.DoesNotContain(KeyA, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Sha256(KeyA), output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/workflow/full-sdlc", "Gateway__RateLimits__RunStartsPerMinute", "Gateway:RateLimits:RunStartsPerMinute")]
    [InlineData("/API/Workflow/full-sdlc/", "Gateway__RateLimits__RunStartsPerMinute", "Gateway:RateLimits:RunStartsPerMinute")]
    [InlineData("/api/chat", "Gateway__RateLimits__ChatAndVerifyPerMinute", "Gateway:RateLimits:ChatAndVerifyPerMinute")]
    [InlineData("/api/verify", "Gateway__RateLimits__ChatAndVerifyPerMinute", "Gateway:RateLimits:ChatAndVerifyPerMinute")]
    public async Task ExpensiveRequests_HaveTheirOwnStricterBudget_AndInvalidOnesCount(string path, string variable, string setting)
    {
        // The defaults otherwise: the general budget (120) is far from reached here.
        await using var gateway = await StartAsync(new() { [variable] = "2" });

        using var first = await PostAsync(gateway, path, InvalidJson);
        using var second = await PostAsync(gateway, path, InvalidJson);
        using var refused = await PostAsync(gateway, path, InvalidJson);
        using var general = await gateway.Http.GetAsync("/api/workflow", Ct);

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], new[] { first.StatusCode, second.StatusCode });
        await AssertRefusedAsync(refused, setting);
        Assert.Equal(HttpStatusCode.OK, general.StatusCode);
    }

    [Fact]
    public async Task RunReads_HaveTheirOwnBudget_SeparateFromTheGeneralOne()
    {
        await using var gateway = await StartAsync(new()
        {
            ["Gateway__RateLimits__RequestsPerMinute"] = "1",
            ["Gateway__RateLimits__RunReadsPerMinute"] = "2",
        });

        using var read1 = await gateway.Http.GetAsync("/api/workflow/nosuchrun", Ct);
        using var read2 = await gateway.Http.GetAsync("/api/workflow/nosuchrun/events", Ct);
        using var read3 = await gateway.Http.GetAsync("/api/workflow/nosuchrun", Ct);
        using var general = await gateway.Http.GetAsync("/api/info", Ct);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { read1.StatusCode, read2.StatusCode });
        await AssertRefusedAsync(read3, "Gateway:RateLimits:RunReadsPerMinute");
        Assert.Equal(HttpStatusCode.OK, general.StatusCode);
    }

    [Fact]
    public async Task Distributed_IsLimitedTheSame_AndDaprRoutesAreNever()
    {
        await using var gateway = await StartAsync(new()
        {
            ["Gateway__Mode"] = "distributed",
            // Nothing listens there: forwarded requests fail, but they are counted before they are forwarded.
            ["services__orchestrator__http__0"] = "http://127.0.0.1:1",
            ["Gateway__RateLimits__RequestsPerMinute"] = "1",
            ["Gateway__RateLimits__RunStartsPerMinute"] = "1",
        });

        using var start = await PostAsync(gateway, "/api/workflow/full-sdlc", InvalidJson);
        using var refusedStart = await PostAsync(gateway, "/api/workflow/full-sdlc", InvalidJson);
        using var info = await gateway.Http.GetAsync("/api/info", Ct);
        using var refusedInfo = await gateway.Http.GetAsync("/api/info", Ct);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, start.StatusCode);
        await AssertRefusedAsync(refusedStart, "Gateway:RateLimits:RunStartsPerMinute");
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        await AssertRefusedAsync(refusedInfo, "Gateway:RateLimits:RequestsPerMinute");
        for (var i = 0; i < 3; i++)
        {
            using var subscribe = await gateway.Http.GetAsync("/dapr/subscribe", Ct);
            Assert.Equal(HttpStatusCode.OK, subscribe.StatusCode);
        }
    }

    [Fact]
    public async Task Api_WithABudgetOfZero_IsNotLimited()
    {
        await using var gateway = await StartAsync(new()
        {
            ["Gateway__RateLimits__RequestsPerMinute"] = "0",
            ["Gateway__RateLimits__RunStartsPerMinute"] = "1",
        });

        for (var i = 0; i < 5; i++)
        {
            using var response = await gateway.Http.GetAsync("/api/info", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        // The other budgets still apply.
        using var start = await PostAsync(gateway, "/api/workflow/full-sdlc", InvalidJson);
        using var refused = await PostAsync(gateway, "/api/workflow/full-sdlc", InvalidJson);
        await AssertRefusedAsync(refused, "Gateway:RateLimits:RunStartsPerMinute");
    }

    [Theory]
    [InlineData("RequestsPerMinute")]
    [InlineData("RunStartsPerMinute")]
    public async Task Start_WithANegativeLimit_ExitsNamingTheSetting(string setting)
    {
        await using var process = ChildProcess.StartDotnet(
            TestPaths.ProjectOutput("Agents.Gateway"), ["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?> { [$"Gateway__RateLimits__{setting}"] = "-1" });

        var exitCode = await process.WaitForExitAsync(s_exitTimeout);

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{process.Output}");
        Assert.Contains($"Gateway:RateLimits:{setting} is -1", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", process.Output, StringComparison.Ordinal);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string setting)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Too many requests.", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal("https://www.rfc-editor.org/rfc/rfc6585#section-4", problem.RootElement.GetProperty("type").GetString());
        Assert.Contains(setting, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After: {response.Headers.RetryAfter}");
    }

    private static async Task<ServiceProcess> StartAsync(Dictionary<string, string?> environment)
    {
        // Its own data folder: the pipeline API answers (rather than 503 for a folder another gateway holds).
        environment["Pipeline__DataDirectory"] = TempDirectories.Create("agents-gateway-");
        return await ServiceProcess.StartAsync("Agents.Gateway", environment);
    }

    private static async Task<HttpResponseMessage> GetAsync(ServiceProcess gateway, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await gateway.Http.SendAsync(request, Ct);
    }

    private static async Task<HttpResponseMessage> PostAsync(ServiceProcess gateway, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await gateway.Http.PostAsync(path, content, Ct);
    }

    private static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
