using Agents.Sandbox.Reports;

namespace Agents.Sandbox.Tests.Reports;

public sealed class TrxReportParserTests
{
    [Fact]
    public void ParseTests_ReadsEachUnitTestResultAndKeepsFailureMessages()
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

        var tests = TrxReportParser.ParseTests(xml);

        Assert.NotNull(tests);
        Assert.Equal(["passed", "failed", "skipped", "error"], tests.Select(t => t.Outcome));
        Assert.Contains("Assert.Equal() Failure", tests.Single(t => t.Id == "A.Fails").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseTests_JUnitXml_IsNotATrx()
    {
        Assert.Null(TrxReportParser.ParseTests("<testsuites />"));
    }
}
