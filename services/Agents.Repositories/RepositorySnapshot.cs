using Agents.Contracts;

namespace Agents.Repositories;

/// <summary>A repository read as text: the files kept, the ones left out and why, and the commit when it came from git.</summary>
public sealed record RepositorySnapshot(IReadOnlyList<SourceFile> Files, IReadOnlyList<SkippedFile> Skipped, string? Commit);

/// <summary>A file left out of the snapshot: binary, ignored by a <c>.gitignore</c>, too large, or a link.</summary>
public sealed record SkippedFile(string Path, string Reason);
