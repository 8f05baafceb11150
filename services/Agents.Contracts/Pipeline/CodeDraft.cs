namespace Agents.Contracts;

/// <summary>The coder's answer (JSON schema <c>code</c>): the files and the symbols it claims they define.</summary>
public sealed record CodeDraft(IReadOnlyList<SourceFile> Files, IReadOnlyList<CodeClaim> Claims, string? Notes = null);
