using System.Net;
using System.Net.Http.Json;
using Agents.Contracts;
using Agents.Testing;
using Agents.Testing.OpenAi;

namespace Agents.Llm.Tests.Gateway;

/// <summary>Bad LLM configuration stops the gateway at start; a dead provider at run time gives a clear error.</summary>
public sealed class GatewayLlmStartupTests
{
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Llm__Providers__groq__Preset", "groq", "Provider 'groq' needs an API key: set the environment variable GROQ_API_KEY")]
    [InlineData("Llm__Providers__local__Endpoint", "ftp://nowhere", "Llm:Providers:local:Endpoint")]
    [InlineData("ConnectionStrings__llm", "this is not a connection string", "ConnectionStrings:llm")]
    public async Task Start_WithBadLlmConfiguration_ExitsNamingTheSetting(string key, string value, string expected)
    {
        await using var process = ChildProcess.StartDotnet(
            TestPaths.ProjectOutput("Agents.Gateway"),
            ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?> { [key] = value, ["GROQ_API_KEY"] = null });

        var exitCode = await process.WaitForExitAsync(s_exitTimeout);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostChat_ProviderUnreachable_Returns502NamingTheProvider()
    {
        var server = await OpenAiTestServer.StartAsync(Ct);
        var endpoint = server.Endpoint;
        await server.DisposeAsync();
        await using var gateway = await ServiceProcess.StartAsync("Agents.Gateway", GatewayWithLlmFixture.Environment(endpoint));

        var response = await gateway.Http.PostAsJsonAsync("/api/chat", new ChatRequest([new ChatRequestMessage("user", "anyone?")]), AgentsJsonContext.Default.ChatRequest, Ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Provider 'scripted'", problem, StringComparison.Ordinal);
        Assert.Contains("unreachable", problem, StringComparison.Ordinal);
    }
}
