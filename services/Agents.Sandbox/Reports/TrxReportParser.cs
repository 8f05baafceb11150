using Agents.Sandbox.Toolchains;

namespace Agents.Sandbox.Reports;

/// <summary>Reads a Visual Studio TRX report (<c>dotnet test --logger trx</c>): one <c>UnitTestResult</c> per test.</summary>
internal static class TrxReportParser
{
    /// <summary>Each test with its outcome (by fully qualified name), or null when the text is not a TRX report.</summary>
    public static IReadOnlyList<ReportedTest>? ParseTests(string? xml)
    {
        var document = SafeXml.TryParse(xml);
        if (document?.Root is null || document.Root.Name.LocalName != "TestRun")
        {
            return null;
        }

        var tests = new List<ReportedTest>();
        foreach (var result in document.Descendants().Where(e => e.Name.LocalName == "UnitTestResult"))
        {
            var name = (string?)result.Attribute("testName") ?? "?";
            var message = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
            var stack = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "StackTrace")?.Value;
            var outcome = (string?)result.Attribute("outcome");
            tests.Add(outcome switch
            {
                "Passed" => new ReportedTest(name, "passed", ""),
                "Failed" => new ReportedTest(name, "failed", SafeXml.Excerpt(message + "\n" + stack)),
                "NotExecuted" or "Inconclusive" => new ReportedTest(name, "skipped", message ?? ""),
                _ => new ReportedTest(name, "error", SafeXml.Excerpt(message ?? outcome)),
            });
        }
        return tests;
    }
}
