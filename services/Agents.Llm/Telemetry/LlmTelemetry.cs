using System.Diagnostics;
using System.Diagnostics.Metrics;
using Agents.Llm.Configuration;
using Agents.Llm.Providers;

namespace Agents.Llm.Telemetry;

/// <summary>
/// Spans and metrics of LLM calls, named after the OpenTelemetry GenAI semantic conventions so dashboards that
/// know them (Aspire's included) show model, provider and token counts. ServiceDefaults listens to "Agents.*".
/// </summary>
public static class LlmTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string SourceName = "Agents.Llm";

    public const string TokenUsageMetric = "gen_ai.client.token.usage";
    public const string DurationMetric = "gen_ai.client.operation.duration";
    public const string CostMetric = "agents.llm.cost";
    public const string FallbackMetric = "agents.llm.fallbacks";

    internal static readonly ActivitySource Source = new(SourceName);
    internal static readonly Meter Meter = new(SourceName);

    private static readonly Histogram<long> s_tokens = Meter.CreateHistogram<long>(TokenUsageMetric, "{token}", "Tokens used per LLM call, by gen_ai.token.type (input or output).");
    private static readonly Histogram<double> s_duration = Meter.CreateHistogram<double>(DurationMetric, "s", "Duration of LLM calls.");
    private static readonly Counter<double> s_cost = Meter.CreateCounter<double>(CostMetric, "USD", "Cost of LLM calls from the configured price table.");
    private static readonly Counter<long> s_fallbacks = Meter.CreateCounter<long>(FallbackMetric, "{fallback}", "Calls that moved on to the next provider of a chain.");

    internal static Activity? StartChat(ResolvedProvider provider, string model, LlmRole role)
    {
        var activity = Source.StartActivity($"chat {model}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.provider.name", provider.System);
            activity.SetTag("gen_ai.system", provider.System);
            activity.SetTag("gen_ai.request.model", model);
            activity.SetTag("server.address", provider.Endpoint.Host);
            activity.SetTag("server.port", provider.Endpoint.Port);
            activity.SetTag("agents.llm.provider", provider.Name);
            activity.SetTag("agents.llm.role", role.ToString());
        }
        return activity;
    }

    internal static void Succeeded(Activity? activity, ResolvedProvider provider, string model, LlmRole role, CallResult result, double seconds)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.response.model", result.ResponseModel ?? model);
            activity.SetTag("gen_ai.usage.input_tokens", result.InputTokens);
            activity.SetTag("gen_ai.usage.output_tokens", result.OutputTokens);
            if (result.FinishReason is { } finish)
            {
                activity.SetTag("gen_ai.response.finish_reasons", new[] { finish });
            }
        }
        var tags = Tags(provider, model, role);
        s_tokens.Record(result.InputTokens, [.. tags, new("gen_ai.token.type", "input")]);
        s_tokens.Record(result.OutputTokens, [.. tags, new("gen_ai.token.type", "output")]);
        s_duration.Record(seconds, tags);
        if (result.CostUsd > 0)
        {
            s_cost.Add((double)result.CostUsd, tags);
        }
    }

    internal static void Failed(Activity? activity, ResolvedProvider provider, string model, LlmRole role, Exception error, double seconds, bool fellBack)
    {
        var errorType = error is LlmProviderException p ? p.Kind.ToString() : error.GetType().Name;
        activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        activity?.SetTag("error.type", errorType);
        var tags = Tags(provider, model, role);
        s_duration.Record(seconds, [.. tags, new("error.type", errorType)]);
        if (fellBack)
        {
            s_fallbacks.Add(1, tags);
        }
    }

    private static KeyValuePair<string, object?>[] Tags(ResolvedProvider provider, string model, LlmRole role) =>
    [
        new("gen_ai.operation.name", "chat"),
        new("gen_ai.provider.name", provider.System),
        new("gen_ai.request.model", model),
        new("agents.llm.provider", provider.Name),
        new("agents.llm.role", role.ToString()),
    ];
}
