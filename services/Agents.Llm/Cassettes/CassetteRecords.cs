using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agents.Llm.Cassettes;

/// <summary>A cassette file: recorded exchanges in order. Plain JSON so it can be reviewed and committed.</summary>
internal sealed record CassetteFile(int Version, List<CassetteInteraction> Interactions);

/// <param name="Key">SHA-256 of the request as sent (messages, tools, response format, role), model excluded so a replay does not depend on the chain.</param>
/// <param name="Request">The last message of the request, for people reading the file.</param>
internal sealed record CassetteInteraction(string Key, string Role, string Request, CassetteResponse Response);

internal sealed record CassetteResponse(string? Text, List<CassetteToolCall> ToolCalls, string? Model, string? Provider, string? FinishReason, long InputTokens, long OutputTokens);

internal sealed record CassetteToolCall(string Id, string Name, string Arguments);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(CassetteFile))]
internal sealed partial class CassetteJsonContext : JsonSerializerContext;
