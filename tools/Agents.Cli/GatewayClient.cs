using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Agents.Contracts;

namespace Agents.Cli;

/// <summary>
/// The gateway's HTTP API as the CLI uses it. Every failure becomes a <see cref="CliException"/> whose message is
/// the gateway's own problem details (title, detail, the fields named) and whose exit code says whose fault it is.
/// </summary>
internal sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http;

    public GatewayClient(Uri gateway, string? apiKey)
    {
        Gateway = gateway;
        // Streams and 10-minute verifications are normal; Ctrl+C (the cancellation token) is the limit, not a timer.
        _http = new HttpClient { BaseAddress = gateway, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public Uri Gateway { get; }

    public Task<PipelineAccepted> StartAsync(PipelineRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/workflow/full-sdlc", JsonContent.Create(request, AgentsJsonContext.Default.PipelineRequest), AgentsJsonContext.Default.PipelineAccepted, cancellationToken);

    public Task<PipelineRun> GetRunAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"api/workflow/{Uri.EscapeDataString(id)}", null, AgentsJsonContext.Default.PipelineRun, cancellationToken);

    public Task<PipelineRunPage> ListRunsAsync(int limit, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"api/workflow/?limit={limit}", null, AgentsJsonContext.Default.PipelineRunPage, cancellationToken);

    public Task ApproveAsync(string id, ApprovalDecision decision, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/workflow/{Uri.EscapeDataString(id)}/approve", JsonContent.Create(decision, AgentsJsonContext.Default.ApprovalDecision), cancellationToken);

    public Task TerminateAsync(string id, string reason, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/workflow/{Uri.EscapeDataString(id)}/terminate", JsonContent.Create(new TerminateRequest(reason), AgentsJsonContext.Default.TerminateRequest), cancellationToken);

    public Task<ProviderList> ProvidersAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "api/providers", null, AgentsJsonContext.Default.ProviderList, cancellationToken);

    public Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/verify", JsonContent.Create(request, AgentsJsonContext.Default.VerificationRequest), AgentsJsonContext.Default.VerificationResult, cancellationToken);

    /// <summary>A streamed chat reply: each piece of text as it arrives, then the totals; an error mid-stream throws.</summary>
    public async IAsyncEnumerable<ChatStreamDelta> ChatAsync(ChatRequest chat, Action<ChatStreamCompleted> completed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/chat") { Content = JsonContent.Create(chat with { Stream = true }, AgentsJsonContext.Default.ChatRequest) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (item.EventType)
            {
                case "delta" when JsonSerializer.Deserialize(item.Data, AgentsJsonContext.Default.ChatStreamDelta) is { } delta:
                    yield return delta;
                    break;
                case "done" when JsonSerializer.Deserialize(item.Data, AgentsJsonContext.Default.ChatStreamCompleted) is { } done:
                    completed(done);
                    yield break;
                case "error":
                    var failed = JsonSerializer.Deserialize(item.Data, AgentsJsonContext.Default.ChatStreamFailed);
                    throw new CliException(ExitCodes.Failed, $"The model stopped answering: {failed?.Error}");
            }
        }
    }

    /// <summary>The run's events from the start (the gateway replays them), until the stream ends or the caller stops.</summary>
    public async IAsyncEnumerable<PipelineEvent> EventsAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/workflow/{Uri.EscapeDataString(id)}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            PipelineEvent? received;
            try
            {
                received = JsonSerializer.Deserialize(item.Data, AgentsJsonContext.Default.PipelineEvent);
            }
            catch (JsonException)
            {
                // An event kind this CLI does not know yet (a newer gateway): skipped, not fatal.
                continue;
            }
            if (received is not null)
            {
                yield return received;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A command the gateway accepts without a body (202).</summary>
    private async Task SendAsync(HttpMethod method, string path, HttpContent content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                ?? throw new CliException(ExitCodes.Unreachable, $"The gateway at {Gateway} answered {path} with an empty body.");
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.Unreachable, $"The gateway at {Gateway} answered {path} with something that is not the expected JSON ({ex.Message}). Is --gateway pointing at an Agents gateway?");
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Unreachable, $"Cannot reach the gateway at {Gateway}: {ex.Message}", ex);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var problem = await ProblemTextAsync(response, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var exitCode = response.StatusCode switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType => ExitCodes.Usage,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable => ExitCodes.Unreachable,
            _ => ExitCodes.Failed,
        };
        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? " Set the API key in the environment variable the profile names (AGENTS_API_KEY by default)."
            : "";
        throw new CliException(exitCode, $"The gateway refused the request ({status}): {problem}{hint}");
    }

    /// <summary>Title, detail and each named field of a problem-details body; the raw text (cut short) otherwise.</summary>
    private static async Task<string> ProblemTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var text = new StringBuilder();
            if (root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
            {
                text.Append(title.GetString());
            }
            if (root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                text.Append(' ').Append(detail.GetString());
            }
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    var messages = field.Value.ValueKind == JsonValueKind.Array ? string.Join(" ", field.Value.EnumerateArray().Select(m => m.ToString())) : field.Value.ToString();
                    text.Append(" [").Append(field.Name).Append(": ").Append(messages).Append(']');
                }
            }
            return text.Length > 0 ? text.ToString().Trim() : body;
        }
        catch (JsonException)
        {
            var flat = body.ReplaceLineEndings(" ").Trim();
            return flat.Length <= 200 ? flat : flat[..200] + "…";
        }
    }
}
