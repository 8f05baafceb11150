using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agents.Contracts;

/// <summary>
/// The one source-generated serializer context for every contract. Web defaults (camelCase, case-insensitive
/// reads) match what Dapr uses for workflow payloads, so a record serialises the same on both runtimes.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ServiceInfo))]
public sealed partial class AgentsJsonContext : JsonSerializerContext;
