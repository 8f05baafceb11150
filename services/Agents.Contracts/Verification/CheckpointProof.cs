namespace Agents.Contracts;

/// <summary>Evidence for a checkpoint: what ran and what it said.</summary>
/// <param name="Command">The command line as run inside the sandbox (or the in-process analyser's name).</param>
/// <param name="ExitCode">Its exit code; -1 when it was killed (timeout, output limit).</param>
/// <param name="DurationMs">Wall-clock duration in milliseconds.</param>
/// <param name="OutputExcerpt">The start of its output, capped.</param>
public sealed record CheckpointProof(string Command, int ExitCode, double DurationMs, string OutputExcerpt);
