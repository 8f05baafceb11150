namespace Agents.Sandbox.Isolation;

/// <summary>A command to run in a workspace: the executable, its arguments and per-command limits.</summary>
/// <param name="Executable">Absolute path of the program (the same path inside and outside the sandbox).</param>
/// <param name="Arguments">Its arguments; never passed through a shell.</param>
/// <param name="Timeout">Wall-clock limit; the whole process tree is killed when it is reached.</param>
/// <param name="Environment">Variables set on top of the fixed minimal environment.</param>
/// <param name="MemoryLimitMb">RLIMIT_AS; 0 for none (the .NET runtime reserves address space it never uses).</param>
/// <param name="MaxProcesses">RLIMIT_NPROC override (threads count too); 0 for the configured default.</param>
/// <param name="ReadOnlyBinds">Extra host folders visible read-only at the same path (e.g. an offline package source).</param>
/// <param name="Label">Shown in proofs instead of the arguments (an inline helper script would be unreadable).</param>
/// <param name="WorkingDirectory">Where the command starts (a sandbox path); the workspace when absent.</param>
internal sealed record SandboxCommand(
    string Executable,
    IReadOnlyList<string> Arguments,
    TimeSpan Timeout,
    IReadOnlyDictionary<string, string>? Environment = null,
    int? MemoryLimitMb = null,
    int MaxProcesses = 0,
    IReadOnlyList<string>? ReadOnlyBinds = null,
    string? Label = null,
    string? WorkingDirectory = null)
{
    /// <summary>The command line for a proof, with arguments quoted when needed.</summary>
    public string Display =>
        Label is null ? string.Join(' ', new[] { Executable }.Concat(Arguments).Select(Quote)) : Executable + " " + Label;

    private static string Quote(string value)
    {
        var shown = value.Length > 120 ? value[..100] + "…" : value;
        return shown.Length > 0 && shown.All(c => char.IsLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal))
            ? shown
            : "'" + shown.Replace("'", "'\\''", StringComparison.Ordinal).ReplaceLineEndings(" ") + "'";
    }
}
