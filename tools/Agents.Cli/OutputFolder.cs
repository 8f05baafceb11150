using Agents.Contracts;

namespace Agents.Cli;

/// <summary>Writes a run's files under a folder. The paths come from a model: one that would land outside is refused.</summary>
internal static class OutputFolder
{
    public static string Write(string folder, IReadOnlyList<SourceFile> files)
    {
        var root = Path.GetFullPath(folder);
        var targets = new List<(string Path, string Content)>();
        foreach (var file in files)
        {
            var target = Path.GetFullPath(Path.Combine(root, file.Path));
            if (Path.IsPathRooted(file.Path) || !target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new CliException(ExitCodes.Failed, $"The run holds a file path that leaves the output folder ('{file.Path}'); nothing was written.");
            }
            targets.Add((target, file.Content));
        }
        // Checked first, written after: a bad path never leaves half the files behind.
        foreach (var (path, content) in targets)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
        return root;
    }
}
