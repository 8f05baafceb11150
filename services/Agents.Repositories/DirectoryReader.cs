namespace Agents.Repositories;

/// <summary>A folder on the server, walked without following links (a link is left out, never read through).</summary>
internal static class DirectoryReader
{
    public const string Field = "repository.path";

    public static void Read(string path, RepositoryOptions options, SnapshotBuilder snapshot)
    {
        if (!options.AllowServerPaths)
        {
            throw new InvalidRepositoryException(Field, $"Server paths are not accepted here ({RepositoryOptions.SectionName}:AllowServerPaths is false); send an archive or a git URL.");
        }
        if (!Path.IsPathFullyQualified(path) || !Directory.Exists(path))
        {
            throw new InvalidRepositoryException(Field, $"'{path}' is not an absolute path to a folder on the server.");
        }
        Walk(new DirectoryInfo(path), "", snapshot);
    }

    private static void Walk(DirectoryInfo folder, string prefix, SnapshotBuilder snapshot)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var relative = prefix + entry.Name;
            if (SnapshotBuilder.IsGitMetadata(relative))
            {
                continue;
            }
            if (entry.LinkTarget is not null)
            {
                snapshot.Skip(snapshot.Normalize(relative), "a link");
            }
            else if (entry is DirectoryInfo child)
            {
                Walk(child, relative + "/", snapshot);
            }
            else if (entry is FileInfo file && !file.Attributes.HasFlag(FileAttributes.Device))
            {
                snapshot.AddFile(relative, file.Length, file.OpenRead);
            }
        }
    }
}
