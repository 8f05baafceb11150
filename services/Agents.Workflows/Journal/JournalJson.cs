using System.Text.Json;

namespace Agents.Workflows.Journal;

/// <summary>How journal records (not user payloads, which are already JSON text inside them) are serialized.</summary>
internal static class JournalJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
