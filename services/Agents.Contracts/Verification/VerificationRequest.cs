namespace Agents.Contracts;

/// <summary>Code to verify (<c>POST /api/verify</c>): files and tests as <c>{path: content}</c> maps.</summary>
/// <param name="Language"><c>python</c>, <c>javascript</c> or <c>csharp</c> (<see cref="VerificationLanguages"/>).</param>
/// <param name="Files">The code under verification, by relative path.</param>
/// <param name="Tests">Test files, by relative path; they are written beside the code and run.</param>
/// <param name="Claims">Symbols the author says exist; each is checked on the real syntax tree.</param>
/// <param name="TimeoutSeconds">Wall-clock limit for the test run; the service default when absent.</param>
/// <param name="TrustedFiles">
/// Paths in <paramref name="Files"/> the caller vouches for as test infrastructure (see <see cref="TestSideFiles"/>);
/// any other test-side file among the files is a high finding, so the result is not verified.
/// </param>
public sealed record VerificationRequest(
    string Language,
    IReadOnlyDictionary<string, string> Files,
    IReadOnlyDictionary<string, string>? Tests = null,
    IReadOnlyList<CodeClaim>? Claims = null,
    int? TimeoutSeconds = null,
    IReadOnlyList<string>? TrustedFiles = null);
