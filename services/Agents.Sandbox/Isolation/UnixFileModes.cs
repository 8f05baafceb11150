namespace Agents.Sandbox.Isolation;

/// <summary>
/// Modes for workspace entries. Sandboxed commands run as an unprivileged per-slot uid, so the workspace must be
/// writable by them; it is private anyway: only its own sandbox mounts it, and its parent is not listable.
/// </summary>
internal static class UnixFileModes
{
    public const UnixFileMode WorldWritableDirectory =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public const UnixFileMode WorldWritableFile =
        UnixFileMode.UserRead | UnixFileMode.UserWrite |
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Traversable but not listable: workspace names cannot be discovered.</summary>
    public const UnixFileMode TraverseOnlyDirectory =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
}
