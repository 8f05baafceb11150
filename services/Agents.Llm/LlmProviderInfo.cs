using Agents.Llm.Metering;

namespace Agents.Llm;

/// <summary>A configured provider as reported by <c>GET /api/providers</c> (never its key).</summary>
public sealed record LlmProviderInfo(string Name, string Preset, Uri Endpoint, IReadOnlyList<string> Models, string CircuitState, LlmUsage Usage);
