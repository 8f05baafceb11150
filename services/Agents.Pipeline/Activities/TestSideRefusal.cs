using Agents.Contracts;

namespace Agents.Pipeline.Activities;

/// <summary>
/// In a pipeline only the user and the test designer may add or change tests and the files that configure their
/// collection or build. A coder answer that brings one (by <see cref="TestSideFiles"/>, the sandbox's own rule) or that
/// writes over a test is refused before anything runs: a coder that could configure the runner could decide its own
/// verdict. The refusal is stored as the iteration's verification, so it reaches the coder as evidence.
/// </summary>
internal static class TestSideRefusal
{
    /// <summary>The finding's rule: the same name the sandbox gives a test-side file in <c>/api/verify</c>.</summary>
    public const string Rule = "test-side-file";

    /// <summary>The proof's command on every checkpoint of a refused answer: nothing ran.</summary>
    public const string RefusedCommand = "(refused)";

    private const string Why = "in a pipeline only the user and the test designer may add or change tests and test-side files; return your code without it";

    /// <summary>A high finding for each of the coder's files that is test-side or has a test's path; empty when none is.</summary>
    public static IReadOnlyList<VerificationFinding> Findings(IEnumerable<string> coderFiles, IReadOnlyCollection<string> testFiles) =>
    [
        .. coderFiles
            .Select(f => (File: f, Reason: testFiles.Contains(f, StringComparer.Ordinal) ? "it has the path of a test" : TestSideFiles.Rule(f)))
            .Where(f => f.Reason is not null)
            .Select(f => new VerificationFinding(f.File, 0, Rule, FindingSeverities.High, $"{f.File} was refused ({f.Reason}): {Why}.")),
    ];

    /// <summary>Whether <paramref name="result"/> is a refusal rather than a sandbox run.</summary>
    public static bool IsRefusal(VerificationResult result) => result.Checkpoints.All(c => c.Proof.Command == RefusedCommand);

    /// <summary>The verification of a refused answer: nothing ran, nothing is verified, trust 0, the findings on the security checkpoint.</summary>
    public static VerificationResult Result(IReadOnlyList<VerificationFinding> findings)
    {
        var refused = string.Join(", ", findings.Select(f => f.File));
        var notRun = new CheckpointProof(RefusedCommand, 0, 0, $"not run: the coder's answer was refused ({refused})");
        return new VerificationResult(
            false,
            0,
            [
                new VerificationCheckpoint(CheckpointNames.Syntax, false, notRun, []),
                new VerificationCheckpoint(CheckpointNames.Claims, false, notRun, []),
                new VerificationCheckpoint(CheckpointNames.Security, false, notRun with { OutputExcerpt = string.Join("; ", findings.Select(f => f.Message)) }, findings),
                new VerificationCheckpoint(CheckpointNames.Tests, false, notRun, []),
            ],
            new TestSummary(0, 0, 0, 0, []),
            "none");
    }
}
