namespace Agents.Sandbox.Toolchains;

/// <summary>One test as the harness reported it: <c>passed</c>, <c>failed</c>, <c>error</c> or <c>skipped</c>.</summary>
/// <param name="Collection">True when the entry is a file that could not be collected (imported, compiled) at all.</param>
internal sealed record ReportedTest(string Id, string Outcome, string Message, bool Collection = false)
{
    public bool Passed => Outcome == "passed";

    public bool FailedOrErrored => Outcome is "failed" or "error";
}
