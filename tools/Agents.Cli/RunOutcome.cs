namespace Agents.Cli;

/// <summary>What `agents run --json` prints at the end: the run's id, how it ended, and where its files went.</summary>
internal sealed record RunOutcome(string Id, string Status, bool Verified, double TrustScore, int Iterations, long Tokens, decimal CostUsd, string? Output, string? Reason);
