using System.Text.Json;

namespace Agents.Dapr.State;

/// <summary>JSON payloads between text (our state, the pipeline's artifacts) and <see cref="JsonElement"/> (what goes through Dapr).</summary>
internal static class JsonPayloads
{
    /// <summary>The element's JSON, or null when there was no payload (an undefined element).</summary>
    public static string? ToSerialized(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? null : element.GetRawText();

    /// <summary>
    /// The JSON text as an element, so a state store holds it as JSON (readable, queryable) rather than as one
    /// string literal wrapping it. Throws <see cref="JsonException"/> for text that is not JSON.
    /// </summary>
    public static JsonElement Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
