using System.Text.Json;

namespace Agents.Testing.OpenAi;

/// <summary>A chat-completions request as the test server received it: the raw body and the parts tests ask about.</summary>
public sealed class ChatRequestSeen
{
    internal ChatRequestSeen(int index, string body, string? authorization)
    {
        Index = index;
        Body = body;
        Authorization = authorization;
        using var document = JsonDocument.Parse(body);
        Json = document.RootElement.Clone();
        Model = Json.TryGetProperty("model", out var model) ? model.GetString() : null;
        Stream = Json.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;
        if (Json.TryGetProperty("response_format", out var format))
        {
            ResponseFormatType = format.TryGetProperty("type", out var type) ? type.GetString() : null;
            SchemaName = format.TryGetProperty("json_schema", out var schema) && schema.TryGetProperty("name", out var name) ? name.GetString() : null;
        }
        Messages = Json.TryGetProperty("messages", out var messages)
            ? [.. messages.EnumerateArray().Select(m => new SeenMessage(
                m.GetProperty("role").GetString() ?? "",
                m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null,
                m.TryGetProperty("tool_call_id", out var t) ? t.GetString() : null))]
            : [];
        ToolNames = Json.TryGetProperty("tools", out var tools)
            ? [.. tools.EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString() ?? "")]
            : [];
    }

    /// <summary>0-based position among all requests this server received.</summary>
    public int Index { get; }

    public string Body { get; }

    public JsonElement Json { get; }

    public string? Model { get; }

    public bool Stream { get; }

    /// <summary><c>json_schema</c>, <c>json_object</c>, or null.</summary>
    public string? ResponseFormatType { get; }

    /// <summary><c>response_format.json_schema.name</c>, e.g. <c>plan</c>.</summary>
    public string? SchemaName { get; }

    public IReadOnlyList<SeenMessage> Messages { get; }

    public IReadOnlyList<string> ToolNames { get; }

    /// <summary>The Authorization header as sent (tests check a key was sent; never print it).</summary>
    public string? Authorization { get; }

    public string? LastUserMessage => Messages.LastOrDefault(m => m.Role == "user")?.Content;
}
