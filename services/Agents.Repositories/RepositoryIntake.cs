using Agents.Contracts;
using Microsoft.Extensions.Options;

namespace Agents.Repositories;

/// <summary>
/// Reads a <see cref="RepositorySource"/> into a <see cref="RepositorySnapshot"/>. Every refusal is an
/// <see cref="InvalidRepositoryException"/> naming the field (and the entry), thrown before anything is kept, so a
/// caller that validates the input first starts nothing on bad input.
/// </summary>
public sealed class RepositoryIntake(IOptions<RepositoryOptions> options)
{
    public const string Field = "repository";

    public Task<RepositorySnapshot> ReadAsync(RepositorySource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var given = new[] { source.Archive, source.GitUrl, source.Path }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            throw new InvalidRepositoryException(Field, "Give exactly one of archive, gitUrl and path.");
        }
        if (source.Ref is not null && source.GitUrl is null)
        {
            throw new InvalidRepositoryException(GitReader.RefField, "ref applies to gitUrl only.");
        }
        // Reading is CPU and (for git) network work with no async API in LibGit2Sharp: off the caller's thread.
        return Task.Run(() => Read(source), cancellationToken);
    }

    private RepositorySnapshot Read(RepositorySource source)
    {
        var limits = options.Value;
        if (source.Archive is { } archive)
        {
            var snapshot = new SnapshotBuilder(limits, ArchiveReader.Field);
            ArchiveReader.Read(archive, limits, snapshot);
            return snapshot.Build(commit: null);
        }
        if (source.GitUrl is { } url)
        {
            var snapshot = new SnapshotBuilder(limits, GitReader.UrlField);
            var commit = GitReader.Read(url, source.Ref, limits, snapshot);
            return snapshot.Build(commit);
        }
        var folder = new SnapshotBuilder(limits, DirectoryReader.Field);
        DirectoryReader.Read(source.Path!, limits, folder);
        return folder.Build(commit: null);
    }
}
