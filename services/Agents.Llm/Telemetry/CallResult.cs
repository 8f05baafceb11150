namespace Agents.Llm.Telemetry;

/// <summary>What one successful provider call used and cost.</summary>
internal sealed record CallResult(string? ResponseModel, string? FinishReason, long InputTokens, long OutputTokens, decimal CostUsd);
