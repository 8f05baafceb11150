namespace Agents.Repositories;

/// <summary>Limits on a repository taken as input (section <c>Repositories</c>).</summary>
public sealed class RepositoryOptions
{
    public const string SectionName = "Repositories";

    /// <summary>The decoded archive's size, compressed.</summary>
    public long MaxArchiveBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>The text files kept, together.</summary>
    public long MaxTotalBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>One file; a larger one is skipped (named in the snapshot), not an error.</summary>
    public int MaxFileBytes { get; set; } = 1024 * 1024;

    public int MaxFiles { get; set; } = 5_000;

    public int MaxPathLength { get; set; } = 260;

    /// <summary>Whether <c>path</c> and local git URLs are accepted: on for the one-machine mode only, where the caller owns the disk.</summary>
    public bool AllowServerPaths { get; set; }
}
