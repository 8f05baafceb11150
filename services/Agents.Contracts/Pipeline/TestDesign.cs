namespace Agents.Contracts;

/// <summary>
/// The test designer's answer (JSON schema <c>tests</c>): test files derived from the requirements and the plan's
/// symbols, never from the code. When re-examining disputed tests it also gives a verdict on each.
/// </summary>
public sealed record TestDesign(IReadOnlyList<SourceFile> Files, string? Notes = null, IReadOnlyList<TestVerdict>? Verdicts = null);

/// <summary>The test designer's verdict on a disputed test: <paramref name="Corrected"/> when the test was wrong and is rewritten.</summary>
public sealed record TestVerdict(string Test, bool Corrected, string Explanation);
