namespace Agents.Contracts;

/// <summary>One finding of a verifier.</summary>
/// <param name="File">The workspace-relative file, or empty when the finding is not about one file.</param>
/// <param name="Line">1-based line, or 0 when unknown.</param>
/// <param name="Rule">A stable rule id, e.g. <c>py-eval</c>, <c>claim-missing</c>, <c>test-failed</c>.</param>
/// <param name="Severity"><c>high</c>, <c>medium</c>, <c>low</c> or <c>info</c> (<see cref="FindingSeverities"/>).</param>
/// <param name="Message">What was found.</param>
public sealed record VerificationFinding(string File, int Line, string Rule, string Severity, string Message);
