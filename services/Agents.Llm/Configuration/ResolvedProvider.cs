namespace Agents.Llm.Configuration;

/// <summary>A provider with its preset applied and its key read: what the runtime uses.</summary>
/// <param name="ApiKey">The key from the named environment variable; never logged, traced or returned by an API.</param>
public sealed record ResolvedProvider(string Name, string Preset, string System, Uri Endpoint, string? ApiKey, IReadOnlyList<string> Models, ProviderOptions Options)
{
    public override string ToString() => $"{Name} ({Endpoint})";
}
