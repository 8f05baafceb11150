namespace Agents.Repositories.Editing;

/// <summary>
/// A path the model gives, made into a workspace path (relative, <c>/</c>-separated, no <c>.</c> segments) or
/// refused: rooted paths, <c>..</c> anywhere, control characters and git's own metadata never reach the files.
/// </summary>
internal static class WorkspacePaths
{
    public static string File(string? raw, int maxLength) =>
        Normalize(raw, maxLength) is { Length: > 0 } path ? path : throw new WorkspaceRefusal("A file path is required, relative to the repository root (for example 'src/app.py').");

    /// <summary>A folder to list or search under; empty (the whole workspace) when none is given.</summary>
    public static string Folder(string? raw, int maxLength) => string.IsNullOrWhiteSpace(raw) ? "" : Normalize(raw, maxLength);

    public static bool IsUnder(string path, string folder) =>
        folder.Length == 0 || string.Equals(path, folder, StringComparison.Ordinal) || (path.Length > folder.Length && path[folder.Length] == '/' && path.StartsWith(folder, StringComparison.Ordinal));

    private static string Normalize(string? raw, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return "";
        }
        if (raw.Any(char.IsControl))
        {
            throw new WorkspaceRefusal($"The path '{Printable(raw)}' contains control characters.");
        }
        var path = raw.Trim().Replace('\\', '/');
        if (path.StartsWith('/') || path.StartsWith('~') || (path.Length > 1 && path[1] == ':') || Path.IsPathRooted(path))
        {
            throw new WorkspaceRefusal($"The path '{raw}' is absolute; give it relative to the repository root (for example 'src/app.py'), which is the only place the tools can see.");
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Any(s => s == ".."))
        {
            throw new WorkspaceRefusal($"The path '{raw}' uses '..'; paths stay inside the repository, relative to its root.");
        }
        var normalized = string.Join('/', segments);
        if (normalized.Length > maxLength)
        {
            throw new WorkspaceRefusal($"The path '{raw[..Math.Min(raw.Length, 80)]}…' is longer than {maxLength} characters.");
        }
        if (segments.Count > 0 && segments[0] == ".git")
        {
            throw new WorkspaceRefusal($"The path '{raw}' is inside .git, which is not part of the workspace.");
        }
        return normalized;
    }

    private static string Printable(string raw) => new([.. raw.Select(c => char.IsControl(c) ? '?' : c)]);
}
