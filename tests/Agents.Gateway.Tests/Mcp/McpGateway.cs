using System.Net.ServerSentEvents;
using Agents.Testing;
using Agents.Testing.OpenAi;
using ModelContextProtocol.Client;

namespace Agents.Gateway.Tests.Mcp;

/// <summary>A gateway process (embedded, its own data folder, the scripted model) and an MCP client connected to its <c>/mcp</c>.</summary>
internal sealed class McpGateway : IAsyncDisposable
{
    private McpGateway(OpenAiTestServer llm, ServiceProcess process)
    {
        Llm = llm;
        Process = process;
    }

    public OpenAiTestServer Llm { get; }

    public ServiceProcess Process { get; }

    public Uri Endpoint => new(Process.Address, "/mcp");

    public static async Task<McpGateway> StartAsync(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var llm = await OpenAiTestServer.StartAsync();
        try
        {
            var environment = new Dictionary<string, string?>
            {
                ["Llm__Providers__scripted__Preset"] = "openai-compatible",
                ["Llm__Providers__scripted__Endpoint"] = llm.Endpoint,
                ["Llm__Providers__scripted__Models__0"] = "test-model",
                ["Llm__Providers__scripted__MaxRetries"] = "0",
                ["Pipeline__DataDirectory"] = TempDirectories.Create("agents-mcp-"),
            };
            foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            {
                environment[key] = value;
            }
            return new McpGateway(llm, await ServiceProcess.StartAsync("Agents.Gateway", environment));
        }
        catch
        {
            await llm.DisposeAsync();
            throw;
        }
    }

    public Task<McpClient> ConnectAsync(string? apiKey = null) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = Endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = apiKey is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {apiKey}" },
            }),
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Reads the run's event stream to its end, which the gateway writes after the run's final event.</summary>
    public async Task WaitForRunToEndAsync(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/workflow/{id}/events");
        // Not the process's client: its timeout is for single requests, and a run takes as long as its tests.
        using var http = new HttpClient { BaseAddress = Process.Address, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        await foreach (var _ in SseParser.Create(stream).EnumerateAsync(TestContext.Current.CancellationToken))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await Llm.DisposeAsync();
    }
}
