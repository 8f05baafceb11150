using Agents.Sandbox.Reports;

namespace Agents.Sandbox.Tests.Reports;

public sealed class TrxReportParserTests
{
    [Fact]
    public void Parse_CountsUnitTestResultsAndKeepsFailureMessages()
    {
        const string xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Results>
                <UnitTestResult testName="A.Passes" outcome="Passed" />
                <UnitTestResult testName="A.Fails" outcome="Failed"><Output><ErrorInfo><Message>Assert.Equal() Failure</Message><StackTrace>at A.Fails()</StackTrace></ErrorInfo></Output></UnitTestResult>
                <UnitTestResult testName="A.Skipped" outcome="NotExecuted" />
                <UnitTestResult testName="A.Hangs" outcome="Timeout" />
              </Results>
            </TestRun>
            """;

        var summary = TrxReportParser.Parse(xml);

        Assert.NotNull(summary);
        Assert.Equal((1, 1, 1, 1), (summary.Passed, summary.Failed, summary.Errors, summary.Skipped));
        Assert.Contains("Assert.Equal() Failure", summary.Failures.Single(f => f.Name == "A.Fails").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JUnitXml_IsNotATrx()
    {
        Assert.Null(TrxReportParser.Parse("<testsuites />"));
    }
}
