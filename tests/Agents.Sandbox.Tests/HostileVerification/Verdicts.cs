using System.Text.Json;
using Agents.Contracts;

namespace Agents.Sandbox.Tests.HostileVerification;

/// <summary>How a hostile candidate must be turned away, and the assertions for each.</summary>
internal static class Verdicts
{
    /// <summary>Not verified; the run was tampered with: trust 0, the reason in the tests checkpoint's proof.</summary>
    public static void AssertTampered(VerificationResult result)
    {
        Assert.False(result.Verified, Describe(result));
        Assert.True(result.Tampered, "Expected a tampered run: " + Describe(result));
        Assert.Equal(0, result.TrustScore);
        var tests = result.Checkpoint(CheckpointNames.Tests);
        Assert.Contains("[tampered: ", tests.Proof.OutputExcerpt, StringComparison.Ordinal);
        Assert.Contains(tests.Findings, f => f is { Rule: "tampered", Severity: FindingSeverities.High });
    }

    /// <summary>Not verified because a test-side file is among the files: a high finding naming it.</summary>
    public static void AssertTestSideFinding(VerificationResult result, string file)
    {
        Assert.False(result.Verified, Describe(result));
        Assert.Contains(result.Checkpoint(CheckpointNames.Security).Findings, f => f is { Rule: "test-side-file", Severity: FindingSeverities.High } && f.File == file);
        Assert.True(result.TrustScore < 0.5, Describe(result));
    }

    /// <summary>Not verified: either caught tampering or the tests simply failed (the attack had no effect).</summary>
    public static void AssertNotVerified(VerificationResult result)
    {
        Assert.False(result.Verified, Describe(result));
        Assert.True(result.TrustScore < 0.5, Describe(result));
        Assert.False(result.Checkpoint(CheckpointNames.Tests).Passed, Describe(result));
    }

    public static string Describe(VerificationResult result) =>
        JsonSerializer.Serialize(result, AgentsJsonContext.Default.VerificationResult);
}
