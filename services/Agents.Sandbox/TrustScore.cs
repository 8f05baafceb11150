using Agents.Contracts;

namespace Agents.Sandbox;

/// <summary>
/// The trust score, in [0, 1]:
/// <c>0.30·S + 0.40·T + 0.15·C + 0.15·X</c>, where S is 1 when every file parses, T the share of tests that passed
/// (0 when none ran), C the share of claims verified on the syntax tree (1 when none were made) and
/// X = max(0, 1 − 0.5·high − 0.2·medium − 0.05·low) over security findings. An unverified result is capped at
/// 0.49, so a score of 0.5 or more always means verified. A verdict reached with the code in the tests' own process
/// (anything but the function-level Python shape, whose code runs in a process of its own) is capped at 0.9: the code
/// could have reached the runner. A tampered run scores 0.
/// </summary>
public static class TrustScore
{
    public const double UnverifiedCap = 0.49;

    public const double SharedProcessCap = 0.9;

    public static double Compute(bool syntaxPassed, TestSummary tests, int claimsVerified, int claimsTotal, IEnumerable<VerificationFinding> securityFindings, bool verified)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var findings = securityFindings.ToList();
        var ran = tests.Passed + tests.Failed + tests.Errors;
        var s = syntaxPassed ? 1.0 : 0.0;
        var t = ran == 0 ? 0.0 : (double)tests.Passed / ran;
        var c = claimsTotal == 0 ? 1.0 : (double)claimsVerified / claimsTotal;
        var x = Math.Max(0, 1 - 0.5 * Count(findings, FindingSeverities.High) - 0.2 * Count(findings, FindingSeverities.Medium) - 0.05 * Count(findings, FindingSeverities.Low));
        var score = 0.30 * s + 0.40 * t + 0.15 * c + 0.15 * x;
        return Math.Round(verified ? score : Math.Min(score, UnverifiedCap), 3);
    }

    private static int Count(List<VerificationFinding> findings, string severity) =>
        findings.Count(f => string.Equals(f.Severity, severity, StringComparison.Ordinal));
}
