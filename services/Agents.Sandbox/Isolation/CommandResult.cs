namespace Agents.Sandbox.Isolation;

/// <summary>What a command did: exit code, combined output (capped) and why it was stopped, if it was.</summary>
internal sealed record CommandResult(
    string Command,
    int ExitCode,
    string Output,
    TimeSpan Duration,
    bool TimedOut,
    bool OutputLimitExceeded)
{
    /// <summary>Exit code the runner reports for a command it killed.</summary>
    public const int KilledExitCode = -1;

    public bool Succeeded => ExitCode == 0 && !TimedOut && !OutputLimitExceeded;

    /// <summary>Why the command was stopped, for a finding or a proof; null when it ended by itself.</summary>
    public string? StopReason =>
        TimedOut ? $"killed: wall-clock limit reached after {Duration.TotalSeconds:0.0} s"
        : OutputLimitExceeded ? "killed: output limit exceeded"
        : null;
}
