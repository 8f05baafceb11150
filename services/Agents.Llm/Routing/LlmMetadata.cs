namespace Agents.Llm.Routing;

/// <summary>Keys the router puts in <c>AdditionalProperties</c> of responses and updates.</summary>
public static class LlmMetadata
{
    /// <summary>The configured name of the provider that answered.</summary>
    public const string Provider = "agents.provider";

    /// <summary>Cost of the call in US dollars (decimal), from the price table.</summary>
    public const string CostUsd = "agents.cost_usd";
}
