using Agents.Contracts;

namespace Agents.Sandbox.Reports;

/// <summary>Reads a Visual Studio TRX report (<c>dotnet test --logger trx</c>): one <c>UnitTestResult</c> per test.</summary>
internal static class TrxReportParser
{
    public static TestSummary? Parse(string? xml)
    {
        var document = SafeXml.TryParse(xml);
        if (document?.Root is null || document.Root.Name.LocalName != "TestRun")
        {
            return null;
        }

        int passed = 0, failed = 0, errors = 0, skipped = 0;
        var failures = new List<TestFailure>();
        foreach (var result in document.Descendants().Where(e => e.Name.LocalName == "UnitTestResult"))
        {
            var name = (string?)result.Attribute("testName") ?? "?";
            var message = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
            var stack = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "StackTrace")?.Value;
            switch ((string?)result.Attribute("outcome"))
            {
                case "Passed":
                    passed++;
                    break;
                case "Failed":
                    failed++;
                    failures.Add(new TestFailure(name, SafeXml.Excerpt(message + "\n" + stack)));
                    break;
                case "NotExecuted" or "Inconclusive":
                    skipped++;
                    break;
                default:
                    errors++;
                    failures.Add(new TestFailure(name, SafeXml.Excerpt(message ?? (string?)result.Attribute("outcome"))));
                    break;
            }
        }
        return new TestSummary(passed, failed, errors, skipped, failures);
    }
}
