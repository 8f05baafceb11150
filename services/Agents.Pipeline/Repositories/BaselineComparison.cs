using Agents.Contracts;

namespace Agents.Pipeline.Repositories;

/// <summary>
/// A repository's tests after a change against the same tests before it (the baseline), by test id. Only a test that
/// passed before can be a regression; one that already failed and still fails is reported, not blamed. A test that
/// passed before and is no longer reported at all counts against the change too: deleting a test must not pass for
/// fixing it.
/// </summary>
/// <param name="Regressions">Passed at baseline, fail now.</param>
/// <param name="Missing">Passed at baseline, not reported now (removed, renamed or no longer collected).</param>
/// <param name="StillFailing">Failed at baseline and fail now.</param>
/// <param name="Fixed">Failed at baseline, pass now.</param>
/// <param name="NewFailing">Fail now and were not in the baseline (typically the tests written for the requirement).</param>
public sealed record BaselineComparison(
    IReadOnlyList<string> Regressions,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> StillFailing,
    IReadOnlyList<string> Fixed,
    IReadOnlyList<string> NewFailing)
{
    /// <summary>Nothing that passed before is broken or gone.</summary>
    public bool KeepsTheBaseline => Regressions.Count == 0 && Missing.Count == 0;

    public static BaselineComparison Of(TestSummary baseline, TestSummary now)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(now);
        var passedBefore = (baseline.PassedTests ?? []).ToHashSet(StringComparer.Ordinal);
        var failedBefore = baseline.Failures.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var passedNow = (now.PassedTests ?? []).ToHashSet(StringComparer.Ordinal);
        var failedNow = now.Failures.Select(f => f.Name).Distinct(StringComparer.Ordinal).ToList();
        return new BaselineComparison(
            Sorted(failedNow.Where(passedBefore.Contains)),
            Sorted(passedBefore.Where(t => !passedNow.Contains(t) && !failedNow.Contains(t, StringComparer.Ordinal))),
            Sorted(failedNow.Where(failedBefore.Contains)),
            Sorted(failedBefore.Where(passedNow.Contains)),
            Sorted(failedNow.Where(t => !passedBefore.Contains(t) && !failedBefore.Contains(t))));
    }

    private static string[] Sorted(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];
}
