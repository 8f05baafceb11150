namespace Agents.Llm.Routing;

/// <summary>One step of a fallback chain: a provider and the model to ask it for.</summary>
public sealed record ChainEntry(ProviderRuntime Runtime, string Model)
{
    public override string ToString() => $"{Runtime.Provider.Name}/{Model}";
}
