using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Agents.Contracts;
using Agents.Testing;
using Agents.Testing.OpenAi;

namespace Agents.Pipeline.Tests.Functional;

/// <summary>
/// A gateway process with its own data folder (or database) and a scripted model. <see cref="RestartAsync"/> starts a
/// new process on the same storage, as after a crash.
/// </summary>
internal sealed class PipelineGateway : IAsyncDisposable
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    private readonly Dictionary<string, string?> _environment;

    private PipelineGateway(OpenAiTestServer llm, Dictionary<string, string?> environment, string dataDirectory)
    {
        Llm = llm;
        _environment = environment;
        DataDirectory = dataDirectory;
    }

    public OpenAiTestServer Llm { get; }

    public ServiceProcess Process { get; private set; } = null!;

    public HttpClient Http => Process.Http;

    public string DataDirectory { get; }

    public static async Task<PipelineGateway> StartAsync(string? connectionString = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var llm = await OpenAiTestServer.StartAsync();
        var data = TempDirectories.Create("agents-pipeline-");
        var environment = new Dictionary<string, string?>
        {
            ["Llm__Providers__scripted__Preset"] = "openai-compatible",
            ["Llm__Providers__scripted__Endpoint"] = llm.Endpoint,
            ["Llm__Providers__scripted__Models__0"] = "test-model",
            ["Llm__Providers__scripted__MaxRetries"] = "0",
            ["Llm__Providers__scripted__TimeoutSeconds"] = "20",
            ["Pipeline__DataDirectory"] = data,
            ["ConnectionStrings__agents"] = connectionString,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }
        var gateway = new PipelineGateway(llm, environment, data);
        try
        {
            gateway.Process = await ServiceProcess.StartAsync("Agents.Gateway", environment);
        }
        catch
        {
            await llm.DisposeAsync();
            throw;
        }
        return gateway;
    }

    /// <summary>Starts a new gateway process on the same data folder or database (the old one must be gone).</summary>
    public async Task RestartAsync()
    {
        await Process.DisposeAsync();
        Process = await ServiceProcess.StartAsync("Agents.Gateway", _environment);
    }

    public async Task<string> StartRunAsync(string language = "python", int maxIterations = 3, string approval = "none", string requirements = Scripts.Requirements)
    {
        using var response = await Http.PostAsJsonAsync("/api/workflow/full-sdlc", new { requirements, language, maxIterations, approval });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        var accepted = JsonSerializer.Deserialize(body, AgentsJsonContext.Default.PipelineAccepted)!;
        Assert.Equal($"/api/workflow/{accepted.Id}", response.Headers.Location?.OriginalString);
        return accepted.Id;
    }

    public async Task<PipelineRun> GetRunAsync(string id) =>
        (await Http.GetFromJsonAsync($"/api/workflow/{id}", AgentsJsonContext.Default.PipelineRun))!;

    /// <summary>Reads the run's event stream until an event matches (returning every event so far) or the stream ends.</summary>
    public async Task<List<SseEvent>> ReadEventsAsync(string id, Func<SseEvent, bool>? until = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? RunTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/workflow/{id}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var client = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        using var reader = new StreamReader(stream);
        var events = new List<SseEvent>();
        string? type = null;
        string? data = null;
        try
        {
            while (await reader.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
                else if (line.Length == 0 && type is not null && data is not null)
                {
                    var received = new SseEvent(type, JsonDocument.Parse(data).RootElement.Clone());
                    events.Add(received);
                    type = data = null;
                    if (until?.Invoke(received) == true)
                    {
                        return events;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Assert.Fail($"The run's events did not reach the expected point within {timeout ?? RunTimeout}; got: {string.Join(", ", events.Select(e => e.Type))}. Gateway output:\n{Process.Process.Output}");
        }
        return events;
    }

    /// <summary>Waits for the run's final event, then returns the run.</summary>
    public async Task<PipelineRun> WaitForEndAsync(string id)
    {
        var events = await ReadEventsAsync(id, e => e.Type is "PipelineCompleted" or "PipelineFailed" or "PipelineTerminated");
        Assert.Contains(events, e => e.Type is "PipelineCompleted" or "PipelineFailed" or "PipelineTerminated");
        return await GetRunAsync(id);
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }
        await Llm.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

internal sealed record SseEvent(string Type, JsonElement Data)
{
    public string? Step => Data.TryGetProperty("step", out var step) ? step.GetString() : null;
}
