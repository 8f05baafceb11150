using Agents.Sandbox.Reports;

namespace Agents.Sandbox.Tests.Reports;

public sealed class JUnitReportParserTests
{
    [Fact]
    public void Parse_CountsEachTestCaseByItsOutcome()
    {
        const string xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <testsuites><testsuite name="pytest" tests="99" failures="0">
              <testcase classname="test_a" name="test_ok" />
              <testcase classname="test_a" name="test_bad"><failure message="assert 3 == 4">details</failure></testcase>
              <testcase classname="test_a" name="test_boom"><error message="ZeroDivisionError" /></testcase>
              <testcase classname="test_a" name="test_later"><skipped /></testcase>
            </testsuite></testsuites>
            """;

        var summary = JUnitReportParser.Parse(xml);

        Assert.NotNull(summary);
        Assert.Equal((1, 1, 1, 1), (summary.Passed, summary.Failed, summary.Errors, summary.Skipped));
        Assert.Equal(["test_a::test_bad", "test_a::test_boom"], summary.Failures.Select(f => f.Name));
        Assert.Contains("assert 3 == 4", summary.Failures[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1 passed")]
    [InlineData("<html />")]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><testsuites><testcase name=\"&e;\"/></testsuites>")]
    public void Parse_MissingForeignOrEntityLadenReport_IsNull(string? xml)
    {
        Assert.Null(JUnitReportParser.Parse(xml));
    }
}
