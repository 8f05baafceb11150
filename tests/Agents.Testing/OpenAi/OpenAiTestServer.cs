using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agents.Testing.OpenAi;

/// <summary>
/// A small OpenAI-compatible server on a free loopback port (real Kestrel, real HTTP) serving
/// <c>POST /v1/chat/completions</c> (plain and SSE-streamed) and <c>GET /v1/models</c>. Each request is answered by, in
/// order: <see cref="Handler"/> (when it returns non-null), the queue for its <c>json_schema</c> name, the queue for its
/// model, the shared queue, then <see cref="Fallback"/>. Every request body is kept in <see cref="Requests"/>.
/// </summary>
public sealed class OpenAiTestServer : IAsyncDisposable
{
    private readonly TaskCompletionSource _drop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<ScriptedResponse> _queue = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedResponse>> _bySchema = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedResponse>> _byModel = new(StringComparer.Ordinal);
    private readonly List<ChatRequestSeen> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Seen)> _waiters = [];
    private readonly Lock _gate = new();
    private int _stopped;

    private OpenAiTestServer(WebApplication app)
    {
        _app = app;
        app.MapPost("/v1/chat/completions", HandleChatAsync);
        app.MapGet("/v1/models", () => Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. Models.Select(m => (JsonNode)new JsonObject { ["id"] = m, ["object"] = "model", ["owned_by"] = "test" })]),
        }));
    }

    /// <summary>The root, e.g. <c>http://127.0.0.1:5123</c> (what an Aspire connection string's Endpoint holds).</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>The OpenAI API root, <c>{Root}/v1</c> (what a provider's Endpoint setting holds).</summary>
    public string Endpoint => Root.AbsoluteUri.TrimEnd('/') + "/v1";

    /// <summary>Models listed by <c>GET /v1/models</c>.</summary>
    public IList<string> Models { get; } = ["test-model"];

    /// <summary>Optional: decides the answer to each request; return null to use the queues.</summary>
    public Func<ChatRequestSeen, ScriptedResponse?>? Handler { get; set; }

    /// <summary>The answer when nothing else is scripted: a 500 saying so, which makes a forgotten script visible.</summary>
    public ScriptedResponse Fallback { get; set; } = ScriptedResponse.Status(500, """{"error":{"message":"the test server has no scripted response left"}}""");

    public IReadOnlyList<ChatRequestSeen> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<OpenAiTestServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        // Hung requests are released by cancellation on stop; there is nothing to drain.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var server = new OpenAiTestServer(builder.Build());
        await server._app.StartAsync(cancellationToken);
        server.Root = new Uri(server._app.Urls.First());
        return server;
    }

    public void Enqueue(params ScriptedResponse[] responses) => EnqueueAll(_queue, responses);

    /// <summary>Lets every <see cref="ScriptedResponse.DropMidStream"/> stream drop its connection now.</summary>
    public void DropStreams() => _drop.TrySetResult();

    /// <summary>Answers for requests whose <c>response_format.json_schema.name</c> is <paramref name="schemaName"/>.</summary>
    public void EnqueueForSchema(string schemaName, params ScriptedResponse[] responses) =>
        EnqueueAll(_bySchema.GetOrAdd(schemaName, _ => new()), responses);

    /// <summary>Answers for requests asking for <paramref name="model"/>.</summary>
    public void EnqueueForModel(string model, params ScriptedResponse[] responses) =>
        EnqueueAll(_byModel.GetOrAdd(model, _ => new()), responses);

    /// <summary>Completes once <paramref name="count"/> requests have arrived.</summary>
    public Task WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, seen));
            return seen.Task.WaitAsync(timeout);
        }
    }

    /// <summary>Stops listening: later requests fail to connect. Hung requests are released.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _stopping.CancelAsync();
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleChatAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        ChatRequestSeen seen;
        lock (_gate)
        {
            seen = new ChatRequestSeen(_requests.Count, body, context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null);
            _requests.Add(seen);
            foreach (var waiter in _waiters.Where(w => _requests.Count >= w.Count).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        var scripted = Next(seen);
        if (scripted.Hangs)
        {
            // Answers nothing until the client gives up (its timeout) or the server stops.
            var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (context.RequestAborted.Register(() => released.TrySetResult()))
            using (_stopping.Token.Register(() => released.TrySetResult()))
            {
                await released.Task;
            }
            return;
        }
        if (scripted.StatusCode is { } status)
        {
            context.Response.StatusCode = status;
            if (scripted.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(scripted.RawBody ?? "", context.RequestAborted);
            return;
        }

        var model = scripted.Model ?? seen.Model ?? "test-model";
        if (seen.Stream)
        {
            await StreamAsync(context, scripted, model, seen);
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(scripted.RawBody ?? Completion(scripted, model, seen.Index).ToJsonString(), context.RequestAborted);
    }

    private static void EnqueueAll(ConcurrentQueue<ScriptedResponse> queue, ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            queue.Enqueue(response);
        }
    }

    private ScriptedResponse Next(ChatRequestSeen seen)
    {
        if (Handler?.Invoke(seen) is { } handled)
        {
            return handled;
        }
        if (seen.SchemaName is not null && _bySchema.TryGetValue(seen.SchemaName, out var schemaQueue) && schemaQueue.TryDequeue(out var forSchema))
        {
            return forSchema;
        }
        if (seen.Model is not null && _byModel.TryGetValue(seen.Model, out var modelQueue) && modelQueue.TryDequeue(out var forModel))
        {
            return forModel;
        }
        return _queue.TryDequeue(out var next) ? next : Fallback;
    }

    private static JsonObject Completion(ScriptedResponse scripted, string model, int index)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = scripted.Content };
        if (scripted.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. scripted.ToolCalls.Select((c, i) => (JsonNode)new JsonObject
            {
                ["id"] = c.Id ?? $"call_{index}_{i}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
            })]);
        }
        return new JsonObject
        {
            ["id"] = $"chatcmpl-{index}",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = scripted.ToolCalls.Count > 0 ? "tool_calls" : "stop",
            }),
            ["usage"] = Usage(scripted),
        };
    }

    private async Task StreamAsync(HttpContext context, ScriptedResponse scripted, string model, ChatRequestSeen seen)
    {
        context.Response.ContentType = "text/event-stream";
        var token = context.RequestAborted;
        if (scripted.RawBody is not null)
        {
            await context.Response.WriteAsync($"data: {scripted.RawBody}\n\n", token);
            return;
        }

        var id = $"chatcmpl-{seen.Index}";
        var content = scripted.Content ?? "";
        // Several small chunks, split inside words, as real servers do.
        for (var start = 0; start < content.Length; start += 4)
        {
            var delta = new JsonObject { ["content"] = content.Substring(start, Math.Min(4, content.Length - start)) };
            if (start == 0)
            {
                delta["role"] = "assistant";
            }
            await WriteChunkAsync(context, Chunk(id, model, delta, null), token);
            if (scripted.DropsMidStream && start >= 4)
            {
                // Held until the test has seen the first chunks arrive, so the drop is always mid-stream: a reset sent
                // earlier can make the client's kernel discard data it has not read yet.
                await _drop.Task.WaitAsync(token);
                context.Abort();
                return;
            }
        }
        for (var i = 0; i < scripted.ToolCalls.Count; i++)
        {
            var call = scripted.ToolCalls[i];
            var half = call.Arguments.Length / 2;
            await WriteChunkAsync(context, Chunk(id, model, ToolDelta(i, call.Id ?? $"call_{seen.Index}_{i}", call.Name, call.Arguments[..half]), null), token);
            await WriteChunkAsync(context, Chunk(id, model, ToolDelta(i, null, null, call.Arguments[half..]), null), token);
        }
        await WriteChunkAsync(context, Chunk(id, model, new JsonObject(), scripted.ToolCalls.Count > 0 ? "tool_calls" : "stop"), token);
        if (seen.Json.TryGetPropertyValue("stream_options", "include_usage"))
        {
            await WriteChunkAsync(context, new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["model"] = model,
                ["choices"] = new JsonArray(),
                ["usage"] = Usage(scripted),
            }, token);
        }
        await context.Response.WriteAsync("data: [DONE]\n\n", token);
    }

    private static JsonObject ToolDelta(int index, string? id, string? name, string arguments)
    {
        var call = new JsonObject { ["index"] = index, ["function"] = new JsonObject { ["arguments"] = arguments } };
        if (id is not null)
        {
            call["id"] = id;
            call["type"] = "function";
            call["function"]!["name"] = name;
        }
        return new JsonObject { ["tool_calls"] = new JsonArray(call) };
    }

    private static JsonObject Chunk(string id, string model, JsonObject delta, string? finishReason) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    };

    private static async Task WriteChunkAsync(HttpContext context, JsonObject chunk, CancellationToken token)
    {
        await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", token);
        await context.Response.Body.FlushAsync(token);
    }

    private static JsonObject Usage(ScriptedResponse scripted) => new()
    {
        ["prompt_tokens"] = scripted.PromptTokens,
        ["completion_tokens"] = scripted.CompletionTokens,
        ["total_tokens"] = scripted.PromptTokens + scripted.CompletionTokens,
    };
}
