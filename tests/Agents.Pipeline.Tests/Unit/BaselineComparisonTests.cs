using Agents.Contracts;
using Agents.Pipeline.Repositories;

namespace Agents.Pipeline.Tests.Unit;

public sealed class BaselineComparisonTests
{
    private static TestSummary Summary(string[] passed, params string[] failed) =>
        new(passed.Length, failed.Length, 0, 0, [.. failed.Select(f => new TestFailure(f, "assert"))], passed);

    [Fact]
    public void OnlyATestThatPassedBefore_IsARegression_AndOneThatAlwaysFailed_IsReportedNotBlamed()
    {
        var baseline = Summary(["t.py::test_a", "t.py::test_b", "t.py::test_gone"], "t.py::test_broken", "t.py::test_flaky");
        var now = Summary(["t.py::test_a", "t.py::test_flaky", "t.py::test_new_ok"], "t.py::test_b", "t.py::test_broken", "new.py::test_new");

        var comparison = BaselineComparison.Of(baseline, now);

        Assert.Equal(["t.py::test_b"], comparison.Regressions);
        Assert.Equal(["t.py::test_gone"], comparison.Missing);
        Assert.Equal(["t.py::test_broken"], comparison.StillFailing);
        Assert.Equal(["t.py::test_flaky"], comparison.Fixed);
        Assert.Equal(["new.py::test_new"], comparison.NewFailing);
        Assert.False(comparison.KeepsTheBaseline);
    }

    [Fact]
    public void AChangeThatBreaksNothing_KeepsTheBaseline_EvenWithTestsThatStillFail()
    {
        var baseline = Summary(["t.py::test_a"], "t.py::test_broken");
        var now = Summary(["t.py::test_a", "new.py::test_feature"], "t.py::test_broken");

        var comparison = BaselineComparison.Of(baseline, now);

        Assert.True(comparison.KeepsTheBaseline);
        Assert.Equal(["t.py::test_broken"], comparison.StillFailing);
        Assert.Empty(comparison.NewFailing);
    }

    [Fact]
    public void ABaselineRecordedWithoutPassedIds_HasNothingToRegress()
    {
        var old = new TestSummary(3, 0, 0, 0, []);

        var comparison = BaselineComparison.Of(old, Summary([], "t.py::test_a"));

        Assert.Empty(comparison.Regressions);
        Assert.Equal(["t.py::test_a"], comparison.NewFailing);
    }
}
