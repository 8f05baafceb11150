using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agents.Gateway.Mcp;

/// <summary>The MCP tools' own result shapes; the contracts come from <see cref="Agents.Contracts.AgentsJsonContext"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CodeVerification))]
[JsonSerializable(typeof(StartedPipeline))]
[JsonSerializable(typeof(RunDecision))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class McpJsonContext : JsonSerializerContext;
