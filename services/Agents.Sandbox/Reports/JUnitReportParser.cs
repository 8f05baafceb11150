using Agents.Contracts;

namespace Agents.Sandbox.Reports;

/// <summary>
/// Reads JUnit XML (pytest <c>--junitxml</c>, <c>node --test --test-reporter=junit</c>, our built-in Python
/// runner). Counts come from the <c>testcase</c> elements, not from summary attributes or console text.
/// </summary>
internal static class JUnitReportParser
{
    /// <summary>The summary, or null when the report is missing or not JUnit XML.</summary>
    public static TestSummary? Parse(string? xml)
    {
        var document = SafeXml.TryParse(xml);
        if (document?.Root is null || document.Root.Name.LocalName is not ("testsuites" or "testsuite"))
        {
            return null;
        }

        int passed = 0, failed = 0, errors = 0, skipped = 0;
        var failures = new List<TestFailure>();
        foreach (var testCase in document.Descendants().Where(e => e.Name.LocalName == "testcase"))
        {
            var name = string.Join("::", new[] { (string?)testCase.Attribute("classname"), (string?)testCase.Attribute("name") }.Where(s => !string.IsNullOrEmpty(s)));
            var children = testCase.Elements().ToList();
            var failure = children.FirstOrDefault(e => e.Name.LocalName == "failure");
            var error = children.FirstOrDefault(e => e.Name.LocalName == "error");
            if (error is not null)
            {
                errors++;
                failures.Add(new TestFailure(name, Message(error)));
            }
            else if (failure is not null)
            {
                failed++;
                failures.Add(new TestFailure(name, Message(failure)));
            }
            else if (children.Any(e => e.Name.LocalName == "skipped"))
            {
                skipped++;
            }
            else
            {
                passed++;
            }
        }
        return new TestSummary(passed, failed, errors, skipped, failures);
    }

    private static string Message(System.Xml.Linq.XElement element)
    {
        var message = (string?)element.Attribute("message") ?? "";
        var body = element.Value;
        return SafeXml.Excerpt(string.IsNullOrWhiteSpace(body) || body.Contains(message, StringComparison.Ordinal) ? (string.IsNullOrWhiteSpace(body) ? message : body) : message + "\n" + body);
    }
}
