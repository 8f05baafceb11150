namespace Agents.Contracts;

/// <summary>
/// The coder's repair (JSON schema <c>repair</c>): the complete new set of files and claims, and any tests it believes
/// are wrong (each goes to the test designer to re-examine).
/// </summary>
public sealed record RepairDraft(IReadOnlyList<SourceFile> Files, IReadOnlyList<CodeClaim> Claims, IReadOnlyList<TestDispute>? Disputes = null, string? Notes = null);

/// <summary>A test the coder believes contradicts the requirements, and why.</summary>
public sealed record TestDispute(string Test, string Reason);
