namespace Agents.Repositories.Editing;

/// <summary>Limits on the coder's workspace and on what its tools answer (section <c>Repositories:Workspace</c>).</summary>
public sealed record WorkspaceOptions
{
    public const string SectionName = "Repositories:Workspace";

    /// <summary>One file after an edit, in UTF-8 bytes; the intake's own per-file limit by default.</summary>
    public int MaxFileBytes { get; init; } = 1024 * 1024;

    /// <summary>All files together after an edit: room above the intake's 20 MiB, so a full repository can still grow.</summary>
    public long MaxTotalBytes { get; init; } = 32L * 1024 * 1024;

    public int MaxFiles { get; init; } = 10_000;

    public int MaxPathLength { get; init; } = 260;

    /// <summary>Lines one <c>read_file</c> shows; the answer says where to go on.</summary>
    public int MaxReadLines { get; init; } = 400;

    /// <summary>Characters in any one tool answer, so a single call cannot fill the model's context.</summary>
    public int MaxOutputChars { get; init; } = 40_000;

    public int MaxSearchMatches { get; init; } = 100;

    public int MaxListedFiles { get; init; } = 1_000;

    public int MaxPatternLength { get; init; } = 1_000;

    /// <summary>A regular expression's budget per line searched: the model's pattern is untrusted input.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);
}
