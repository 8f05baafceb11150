namespace Agents.Contracts;

/// <summary>The outcome of a verification: every checkpoint with its proof, the test counts and a trust score.</summary>
/// <param name="Verified">True only if syntax and tests passed and no high-severity finding remains.</param>
/// <param name="TrustScore">In [0, 1]; the formula is in the README ("Sandbox and verification").</param>
/// <param name="Checkpoints"><c>syntax</c>, <c>claims</c>, <c>security</c>, <c>tests</c>, in that order.</param>
/// <param name="Tests">Counts parsed from the test runner's report.</param>
/// <param name="Isolation"><c>bubblewrap</c>, or <c>none</c> when the service is configured to run without isolation.</param>
/// <param name="Tampered">
/// True when the test run showed signs of tampering (a canary passed or went missing, an expected test was not
/// reported, the run ended before its report): never verified, trust 0, the reason in the tests checkpoint's proof.
/// </param>
public sealed record VerificationResult(
    bool Verified,
    double TrustScore,
    IReadOnlyList<VerificationCheckpoint> Checkpoints,
    TestSummary Tests,
    string Isolation,
    bool Tampered = false);
