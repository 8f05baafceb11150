namespace Agents.Cli;

/// <summary>What approve/reject/terminate print with --json.</summary>
internal sealed record CommandOutcome(string Id, string Action);
