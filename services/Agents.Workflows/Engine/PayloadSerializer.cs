using System.Text;
using System.Text.Json;

namespace Agents.Workflows.Engine;

/// <summary>User payloads as JSON text, with the configured options and size limit.</summary>
internal sealed class PayloadSerializer(JsonSerializerOptions options, int maxBytes)
{
    public JsonSerializerOptions Options { get; } = options;

    public string? Serialize(object? value, string what)
    {
        if (value is null)
        {
            return null;
        }
        var json = JsonSerializer.Serialize(value, value.GetType(), Options);
        var bytes = Encoding.UTF8.GetByteCount(json);
        return bytes > maxBytes ? throw new WorkflowPayloadTooLargeException(what, bytes, maxBytes) : json;
    }

    public object? Deserialize(string? json, Type type) =>
        json is null ? (type.IsValueType ? Activator.CreateInstance(type) : null) : JsonSerializer.Deserialize(json, type, Options);

    public T Deserialize<T>(string? json) => json is null ? default! : JsonSerializer.Deserialize<T>(json, Options)!;
}
