using Agents.Contracts;
using Agents.Sandbox.Isolation;

namespace Agents.Sandbox.Toolchains;

/// <summary>
/// Turns what the harness reported into a verdict, believing it only when it is consistent: every canary reported
/// exactly once and failed, every test the harness expected reported, no test reported twice, the run complete.
/// Anything else makes the run <c>tampered</c>.
/// </summary>
internal static class TamperCheck
{
    /// <param name="result">The test command.</param>
    /// <param name="tests">The harness's records (canaries included), or null when there was no report.</param>
    /// <param name="problem">Why there is no report, or why it is incomplete.</param>
    /// <param name="forged">The problem is evidence of tampering (a second report, an exit before the end).</param>
    /// <param name="canaries">Ids of the canaries the harness added.</param>
    /// <param name="expected">Ids (before any parameter suffix <c>[…]</c>) the harness knows must be reported.</param>
    /// <param name="uniqueIds">Whether a repeated id is evidence (false where honest runners repeat names).</param>
    public static TestRun Evaluate(
        CommandResult result,
        IReadOnlyList<ReportedTest>? tests,
        string? problem,
        bool forged,
        IReadOnlyCollection<string> canaries,
        IReadOnlyCollection<string> expected,
        bool uniqueIds)
    {
        var proof = Proofs.From(result with { Output = HarnessOutput.WithoutReport(result.Output) });
        if (result.StopReason is { } reason)
        {
            // A killed run's report (if any) is partial: it could omit the test that hung.
            return new TestRun(proof, null, $"The test run was stopped ({reason}).");
        }
        if (forged)
        {
            return Tampered(proof, problem!);
        }
        if (tests is null)
        {
            return new TestRun(proof, null, $"The test harness wrote no readable report (exit {result.ExitCode}): {problem}.");
        }

        var counts = tests.GroupBy(t => t.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var canary in canaries)
        {
            if (!counts.TryGetValue(canary, out var reported))
            {
                return Tampered(proof, $"the canary test {canary} was not reported (the run ended early or its outcomes were rewritten)");
            }
            if (reported.Count != 1)
            {
                return Tampered(proof, $"the canary test {canary} was reported {reported.Count} times");
            }
            if (!reported[0].FailedOrErrored)
            {
                return Tampered(proof, $"the canary test {canary}, built to fail, was reported as {reported[0].Outcome}");
            }
        }
        if (problem is not null)
        {
            return Tampered(proof, problem);
        }
        if (uniqueIds && counts.FirstOrDefault(c => c.Value.Count > 1) is { Key: { } twice })
        {
            return Tampered(proof, $"the test {twice} was reported {counts[twice].Count} times");
        }
        var collectionErrors = tests.Where(t => t.Collection).ToList();
        var bases = tests.Select(t => BaseId(t.Id)).ToHashSet(StringComparer.Ordinal);
        foreach (var id in expected)
        {
            var file = id.Split("::")[0];
            if (!bases.Contains(id) && !collectionErrors.Any(e => e.Id.StartsWith(file, StringComparison.Ordinal)))
            {
                return Tampered(proof, $"the test {id} is in the test files but was not reported");
            }
        }

        var real = tests.Where(t => !canaries.Contains(t.Id)).ToList();
        if (real.Count == 0)
        {
            // Only the harness's own canaries reported: the test files' tests never ran to an outcome (code that ends
            // the test process as its types load does this). Nothing was tested, which must not read as "0 failed".
            return new TestRun(proof, null, "none of the tests in the test files reported an outcome (only the harness's own checks did)");
        }
        var failures = real.Where(t => t.FailedOrErrored).Select(t => new TestFailure(t.Id, t.Message)).ToList();
        var summary = new TestSummary(
            real.Count(t => t.Passed),
            real.Count(t => t.Outcome == "failed"),
            real.Count(t => t.Outcome == "error" || t.Outcome is not ("passed" or "failed" or "skipped")),
            real.Count(t => t.Outcome == "skipped"),
            failures,
            [.. real.Where(t => t.Passed).Select(t => t.Id).Distinct(StringComparer.Ordinal)]);
        return new TestRun(proof, summary, null);
    }

    private static string BaseId(string id)
    {
        var bracket = id.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? id : id[..bracket];
    }

    private static TestRun Tampered(CheckpointProof proof, string reason) =>
        new(proof with { OutputExcerpt = Proofs.Excerpt($"[tampered: {reason}]\n{proof.OutputExcerpt}") }, null, $"tampered: {reason}", reason);
}
