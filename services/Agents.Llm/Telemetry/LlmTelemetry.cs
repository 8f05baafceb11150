using System.Diagnostics.Metrics;

namespace Agents.Llm.Telemetry;

/// <summary>
/// Names of the LLM layer's telemetry. Spans and the GenAI metrics (<c>gen_ai.client.token.usage</c>,
/// <c>gen_ai.client.operation.duration</c>) come from Microsoft.Extensions.AI's OpenTelemetry client under
/// <see cref="SourceName"/>; only what the GenAI conventions have no name for is counted here: cost and fallbacks.
/// ServiceDefaults listens to "Agents.*".
/// </summary>
public static class LlmTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string SourceName = "Agents.Llm";

    public const string TokenUsageMetric = "gen_ai.client.token.usage";
    public const string DurationMetric = "gen_ai.client.operation.duration";
    public const string CostMetric = "agents.llm.cost";
    public const string FallbackMetric = "agents.llm.fallbacks";

    private static readonly Meter s_meter = new(SourceName);
    private static readonly Counter<double> s_cost = s_meter.CreateCounter<double>(CostMetric, "USD", "Cost of LLM calls from the configured price table.");
    private static readonly Counter<long> s_fallbacks = s_meter.CreateCounter<long>(FallbackMetric, "{fallback}", "Calls that moved on to the next provider of a chain.");

    internal static void Cost(string provider, string model, LlmRole role, decimal costUsd)
    {
        if (costUsd > 0)
        {
            s_cost.Add((double)costUsd, Tags(provider, model, role));
        }
    }

    internal static void FellBack(string provider, string model, LlmRole role, string errorType) =>
        s_fallbacks.Add(1, [.. Tags(provider, model, role), new("error.type", errorType)]);

    private static KeyValuePair<string, object?>[] Tags(string provider, string model, LlmRole role) =>
    [
        new("gen_ai.request.model", model),
        new("agents.llm.provider", provider),
        new("agents.llm.role", role.ToString()),
    ];
}
