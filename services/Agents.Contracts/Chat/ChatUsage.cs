namespace Agents.Contracts;

/// <summary>Tokens of one chat call (prompt = input, completion = output) and its cost from the price table.</summary>
public sealed record ChatUsage(long InputTokens, long OutputTokens, decimal CostUsd);
