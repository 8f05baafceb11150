namespace Agents.Contracts;

/// <summary>A provider's usage since the gateway started.</summary>
public sealed record ProviderUsage(long Requests, long InputTokens, long OutputTokens, decimal CostUsd);
