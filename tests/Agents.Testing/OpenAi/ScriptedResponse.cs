namespace Agents.Testing.OpenAi;

/// <summary>What the test server does with one request. Build with the static factories.</summary>
public sealed record ScriptedResponse
{
    private ScriptedResponse()
    {
    }

    public string? Content { get; init; }

    public IReadOnlyList<ScriptedToolCall> ToolCalls { get; init; } = [];

    public int PromptTokens { get; init; } = 10;

    public int CompletionTokens { get; init; } = 5;

    /// <summary>The model reported back; the requested one when null.</summary>
    public string? Model { get; init; }

    /// <summary>An HTTP error status instead of a completion.</summary>
    public int? StatusCode { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A raw body sent as is (with <see cref="StatusCode"/> or 200).</summary>
    public string? RawBody { get; init; }

    /// <summary>Never answers; the request ends only when the client gives up or the server stops.</summary>
    public bool Hangs { get; init; }

    /// <summary>An assistant message with this text (JSON for structured output, prose, fenced JSON…).</summary>
    public static ScriptedResponse Text(string content, int promptTokens = 10, int completionTokens = 5, string? model = null) =>
        new() { Content = content, PromptTokens = promptTokens, CompletionTokens = completionTokens, Model = model };

    /// <summary>An assistant message that asks for tool calls.</summary>
    public static ScriptedResponse Tools(params ScriptedToolCall[] calls) => new() { ToolCalls = calls };

    /// <summary>An HTTP error, optionally with Retry-After (in whole seconds).</summary>
    public static ScriptedResponse Status(int statusCode, string? body = null, TimeSpan? retryAfter = null) =>
        new() { StatusCode = statusCode, RawBody = body ?? "{\"error\":{\"message\":\"scripted " + statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\",\"type\":\"scripted\"}}", RetryAfter = retryAfter };

    public static ScriptedResponse RateLimited(TimeSpan retryAfter) => Status(429, retryAfter: retryAfter);

    public static ScriptedResponse Hang() => new() { Hangs = true };

    /// <summary>Streamed: sends the first chunks of <paramref name="content"/>, then drops the connection without finishing once the test calls <see cref="OpenAiTestServer.DropStreams"/>.</summary>
    public static ScriptedResponse DropMidStream(string content) => new() { Content = content, DropsMidStream = true };

    /// <summary>The connection is aborted after the first chunks of a stream (a server that crashed or a proxy that cut it).</summary>
    public bool DropsMidStream { get; init; }

    /// <summary>200 with a body that is not a chat completion (or, streamed, a chunk that is not JSON).</summary>
    public static ScriptedResponse Malformed(string body = "this is not json") => new() { RawBody = body };
}
