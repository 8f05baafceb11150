using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Agents.Llm.Configuration;
using Microsoft.Extensions.AI;

namespace Agents.Llm.Providers;

/// <summary>
/// An <see cref="IChatClient"/> for any OpenAI-compatible chat-completions endpoint, over plain HTTP. We write the
/// wire format ourselves rather than use the OpenAI SDK so that status codes, Retry-After and SSE chunks reach the
/// router first-hand (the SDK retries by itself and exposes them only through its raw response), and so that servers
/// with small deviations (content arrays, object arguments) still work.
/// </summary>
public sealed class OpenAiCompatibleChatClient : IChatClient
{
    private const int ErrorBodyLimit = 300;
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;
    private readonly Uri _completions;
    private readonly Uri _models;

    public OpenAiCompatibleChatClient(ResolvedProvider provider, HttpClient? http = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Provider = provider;
        _ownsHttp = http is null;
        // Timeouts are the router's (per attempt, on its TimeProvider), so the HttpClient never times out itself.
        _http = http ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        _time = time ?? TimeProvider.System;
        _completions = new Uri(provider.Endpoint, "chat/completions");
        _models = new Uri(provider.Endpoint, "models");
        Metadata = new ChatClientMetadata(provider.System, provider.Endpoint, provider.Models.FirstOrDefault());
    }

    public ResolvedProvider Provider { get; }

    public ChatClientMetadata Metadata { get; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = ModelFor(options);
        using var response = await SendAsync(messages, options, model, stream: false, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            var chat = OpenAiResponseReader.ReadResponse(document.RootElement);
            chat.ModelId ??= model;
            return chat;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new LlmProviderException(Provider.Name, LlmFailureKind.InvalidResponse,
                $"Provider '{Provider.Name}' returned a body that is not a chat completion ({ex.Message}): {Excerpt(Encoding.UTF8.GetString(body))}", (int)response.StatusCode, innerException: ex);
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = ModelFor(options);
        using var response = await SendAsync(messages, options, model, stream: true, cancellationToken).ConfigureAwait(false);
        await foreach (var update in ReadStreamAsync(response, model, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <summary>Sends a streaming request and returns once the headers say it succeeded (the part worth retrying).</summary>
    public Task<HttpResponseMessage> OpenStreamAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken) =>
        SendAsync(messages, options, ModelFor(options), stream: true, cancellationToken);

    /// <summary>Reads the server-sent events of an opened stream: <c>data: {chunk}</c> lines up to <c>data: [DONE]</c>.</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> ReadStreamAsync(HttpResponseMessage response, string model, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var calls = new SortedDictionary<int, (string Id, string Name, StringBuilder Arguments)>();
        string? responseId = null;
        string? modelId = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }
            var data = line["data:".Length..].Trim();
            if (data == "[DONE]")
            {
                break;
            }
            if (data.Length == 0)
            {
                continue;
            }

            ChatResponseUpdate update;
            try
            {
                using var document = JsonDocument.Parse(data);
                var root = document.RootElement;
                responseId ??= OpenAiResponseReader.ReadString(root, "id");
                modelId ??= OpenAiResponseReader.ReadString(root, "model");
                update = ReadChunk(root, calls);
            }
            catch (JsonException ex)
            {
                throw new LlmProviderException(Provider.Name, LlmFailureKind.InvalidResponse,
                    $"Provider '{Provider.Name}' sent a stream chunk that is not JSON: {Excerpt(data)}", (int)response.StatusCode, innerException: ex);
            }
            update.ResponseId = responseId;
            update.ModelId = modelId ?? model;
            if (update.Contents.Count > 0 || update.FinishReason is not null)
            {
                yield return update;
            }
        }

        if (calls.Count > 0)
        {
            // Tool-call arguments arrive in fragments; they are complete only at the end of the stream.
            yield return new ChatResponseUpdate(ChatRole.Assistant, [.. calls.Values.Select(c => (AIContent)OpenAiResponseReader.CreateCall(c.Id, c.Name, c.Arguments.ToString()))])
            {
                ResponseId = responseId,
                ModelId = modelId ?? model,
            };
        }
    }

    /// <summary>Whether the endpoint answers <c>GET models</c> (2xx) within <paramref name="timeout"/>.</summary>
    public async Task<bool> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _models);
            Authorize(request);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private string ModelFor(ChatOptions? options) =>
        options?.ModelId ?? Provider.Models.FirstOrDefault()
        ?? throw new InvalidOperationException($"Provider '{Provider.Name}' has no model configured and the request names none.");

    private async Task<HttpResponseMessage> SendAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _completions)
        {
            Content = new ByteArrayContent(OpenAiRequestWriter.Write(messages, options, model, stream)) { Headers = { ContentType = s_json } },
        };
        Authorize(request);
        if (stream)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new LlmProviderException(Provider.Name, LlmFailureKind.Unreachable,
                $"Provider '{Provider.Name}' at {Provider.Endpoint} is unreachable: {ex.Message}", innerException: ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var kind = response.StatusCode == HttpStatusCode.TooManyRequests ? LlmFailureKind.RateLimited
                : status >= 500 ? LlmFailureKind.ServerError
                : LlmFailureKind.Rejected;
            throw new LlmProviderException(Provider.Name, kind,
                $"Provider '{Provider.Name}' answered {status} {response.ReasonPhrase}: {Excerpt(body)}", status, RetryAfter(response));
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(Provider.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Provider.ApiKey);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private static ChatResponseUpdate ReadChunk(JsonElement root, SortedDictionary<int, (string Id, string Name, StringBuilder Arguments)> calls)
    {
        var update = new ChatResponseUpdate { Role = ChatRole.Assistant };
        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
            {
                if (OpenAiResponseReader.ReadContent(delta) is { Length: > 0 } text)
                {
                    update.Contents.Add(new TextContent(text));
                }
                if (delta.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var call in toolCalls.EnumerateArray())
                    {
                        var index = call.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : calls.Count;
                        var current = calls.TryGetValue(index, out var existing) ? existing : ("", "", new StringBuilder());
                        if (OpenAiResponseReader.ReadString(call, "id") is { Length: > 0 } id)
                        {
                            current.Item1 = id;
                        }
                        if (call.TryGetProperty("function", out var function))
                        {
                            if (OpenAiResponseReader.ReadString(function, "name") is { Length: > 0 } name)
                            {
                                current.Item2 = name;
                            }
                            if (OpenAiResponseReader.ReadString(function, "arguments") is { } fragment)
                            {
                                current.Item3.Append(fragment);
                            }
                        }
                        calls[index] = current;
                    }
                }
            }
            update.FinishReason = OpenAiResponseReader.ReadFinishReason(choice);
        }
        if (OpenAiResponseReader.ReadUsage(root) is { } usage)
        {
            update.Contents.Add(new UsageContent(usage));
        }
        return update;
    }

    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    private static string Excerpt(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= ErrorBodyLimit ? flat : flat[..ErrorBodyLimit] + "…";
    }
}
