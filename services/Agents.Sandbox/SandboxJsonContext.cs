using System.Text.Json.Serialization;

namespace Agents.Sandbox;

/// <summary>Serialisation of the small internal payloads passed to the in-sandbox helpers.</summary>
[JsonSerializable(typeof(Dictionary<string, IEnumerable<string>>))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
