using Agents.Contracts;

namespace Agents.Sandbox.Tests;

public sealed class TrustScoreTests
{
    private static readonly TestSummary s_allPassed = new(4, 0, 0, 0, []);

    [Fact]
    public void Compute_EverythingClean_IsOne()
    {
        Assert.Equal(1.0, TrustScore.Compute(true, s_allPassed, 2, 2, [], verified: true));
    }

    [Fact]
    public void Compute_FollowsTheDocumentedWeights()
    {
        var halfTests = new TestSummary(1, 1, 0, 0, []);
        VerificationFinding[] medium = [new("a.py", 1, "py-eval", FindingSeverities.Medium, "eval")];

        // 0.30·1 + 0.40·0.5 + 0.15·(1/2) + 0.15·(1 − 0.2) = 0.695, capped because unverified.
        Assert.Equal(TrustScore.UnverifiedCap, TrustScore.Compute(true, halfTests, 1, 2, medium, verified: false));
        Assert.Equal(0.695, TrustScore.Compute(true, halfTests, 1, 2, medium, verified: true));
    }

    [Fact]
    public void Compute_NothingRan_IsLowAndWithinRange()
    {
        var score = TrustScore.Compute(false, new TestSummary(0, 0, 0, 0, []), 0, 3, Enumerable.Repeat(new VerificationFinding("a", 1, "r", FindingSeverities.High, "m"), 5), verified: false);

        Assert.InRange(score, 0, 0.01);
    }
}
