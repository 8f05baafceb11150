namespace Agents.Contracts;

/// <summary>
/// An existing repository as a run's input; exactly one of the three is given.
/// </summary>
/// <param name="Archive">A base64 <c>.tar.gz</c> or <c>.zip</c> of the repository.</param>
/// <param name="GitUrl">A git URL to clone (a server path or <c>file://</c> URL only where server paths are allowed).</param>
/// <param name="Ref">With <paramref name="GitUrl"/>: the branch, tag or commit; the remote's default branch when absent.</param>
/// <param name="Path">A folder on the server, where configuration allows it (the one-machine mode).</param>
public sealed record RepositorySource(string? Archive = null, string? GitUrl = null, string? Ref = null, string? Path = null);
