using LibGit2Sharp;

namespace Agents.Repositories;

/// <summary>
/// A git repository cloned bare into a temporary folder (no working tree is written, so no checked-out link or hook can
/// act) and read from the chosen commit's tree. The URL's credentials, if any, never appear in an error.
/// </summary>
internal static class GitReader
{
    public const string UrlField = "repository.gitUrl";
    public const string RefField = "repository.ref";

    private static readonly string[] s_remoteSchemes = ["https", "http", "ssh", "git"];

    public static string Read(string url, string? reference, RepositoryOptions options, SnapshotBuilder snapshot)
    {
        CheckUrl(url, options);
        var folder = Path.Combine(Path.GetTempPath(), "agents-repo-" + Guid.NewGuid().ToString("N"));
        try
        {
            string cloned;
            try
            {
                cloned = Repository.Clone(url, folder, new CloneOptions { IsBare = true });
            }
            catch (LibGit2SharpException ex)
            {
                throw new InvalidRepositoryException(UrlField, $"Could not clone '{Redacted(url)}': {ex.Message.Replace(url, Redacted(url), StringComparison.Ordinal)}");
            }
            using var repository = new Repository(cloned);
            var commit = Resolve(repository, reference);
            Walk(commit.Tree, "", snapshot);
            return commit.Sha;
        }
        finally
        {
            DeleteFolder(folder);
        }
    }

    private static void CheckUrl(string url, RepositoryOptions options)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && s_remoteSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }
        // scp-like ssh (git@host:owner/repo.git) is remote too.
        if (!url.Contains("://", StringComparison.Ordinal) && url.Contains('@', StringComparison.Ordinal) && url.Contains(':', StringComparison.Ordinal))
        {
            return;
        }
        if (!options.AllowServerPaths)
        {
            throw new InvalidRepositoryException(UrlField, $"'{Redacted(url)}' is not an http(s), ssh or git URL; local repositories are accepted only where {RepositoryOptions.SectionName}:AllowServerPaths is true.");
        }
    }

    private static Commit Resolve(Repository repository, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return repository.Head.Tip ?? throw new InvalidRepositoryException(UrlField, "The repository has no commits.");
        }
        // A bare clone keeps the remote's branches as origin/<name>.
        var found = repository.Branches[reference]?.Tip
            ?? repository.Branches["origin/" + reference]?.Tip
            ?? (repository.Tags[reference]?.PeeledTarget as Commit)
            ?? Lookup(repository, reference);
        return found ?? throw new InvalidRepositoryException(RefField, $"The repository has no branch, tag or commit '{reference}'.");
    }

    private static Commit? Lookup(Repository repository, string reference)
    {
        try
        {
            return repository.Lookup<Commit>(reference);
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
    }

    private static void Walk(Tree tree, string prefix, SnapshotBuilder snapshot)
    {
        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            switch (entry.Mode)
            {
                case Mode.Directory:
                    Walk((Tree)entry.Target, path + "/", snapshot);
                    break;
                case Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile:
                    var blob = (Blob)entry.Target;
                    snapshot.AddFile(path, blob.Size, () => blob.GetContentStream());
                    break;
                case Mode.SymbolicLink:
                    snapshot.Skip(snapshot.Normalize(path), "a link");
                    break;
                default:
                    // Submodules (gitlinks) name another repository's commit: not this repository's content.
                    snapshot.Skip(snapshot.Normalize(path), "a submodule");
                    break;
            }
        }
    }

    /// <summary>The URL without its user-info (a token in <c>https://user:token@host/…</c>).</summary>
    private static string Redacted(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? url.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
            : url;

    private static void DeleteFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }
        // Git writes its object files read-only.
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }
        Directory.Delete(folder, recursive: true);
    }
}
