using System.Text.Json;

namespace Agents.Testing.OpenAi;

internal static class JsonElementExtensions
{
    /// <summary>Whether <c>element[outer][inner]</c> is <c>true</c>.</summary>
    public static bool TryGetPropertyValue(this JsonElement element, string outer, string inner) =>
        element.TryGetProperty(outer, out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty(inner, out var i) && i.ValueKind == JsonValueKind.True;
}
