namespace Agents.Contracts;

/// <summary>A configured LLM provider: where it is, its models, whether it answers now, its circuit and its usage so far.</summary>
/// <param name="Circuit"><c>closed</c> (healthy), <c>open</c> (skipped after failures) or <c>half-open</c> (being probed).</param>
public sealed record ProviderStatus(string Name, string Preset, string Endpoint, IReadOnlyList<string> Models, bool Reachable, string Circuit, ProviderUsage Usage);
