namespace Agents.Llm.Metering;

/// <summary>Totals of LLM calls: requests, prompt (input) and completion (output) tokens, cost in US dollars.</summary>
public sealed record LlmUsage(long Requests, long InputTokens, long OutputTokens, decimal CostUsd)
{
    public static LlmUsage Zero { get; } = new(0, 0, 0, 0m);

    public long TotalTokens => InputTokens + OutputTokens;

    public LlmUsage Add(long inputTokens, long outputTokens, decimal costUsd) =>
        new(Requests + 1, InputTokens + inputTokens, OutputTokens + outputTokens, CostUsd + costUsd);
}
