using System.Runtime.Versioning;
using Agents.Contracts;
using Agents.Sandbox.Isolation;
using Agents.Sandbox.Workspaces;

namespace Agents.Sandbox.Toolchains;

/// <summary>Reads a runner's report from the workspace after a test command.</summary>
[SupportedOSPlatform("linux")]
internal static class TestReports
{
    private const int MaxReportBytes = 20_000_000;

    public static async Task<TestRun> ReadAsync(Workspace workspace, CommandResult result, string reportPath, Func<string?, TestSummary?> parse)
    {
        var proof = Proofs.From(result);
        if (result.StopReason is { } reason)
        {
            // A killed run's report (if any) is partial: it could omit the test that hung.
            return new TestRun(proof, null, $"The test run was stopped ({reason}).");
        }
        var summary = parse(await workspace.ReadSandboxFileAsync(reportPath, MaxReportBytes).ConfigureAwait(false));
        if (summary is null)
        {
            return new TestRun(proof, null, $"The test runner wrote no readable report (exit {result.ExitCode}).");
        }
        if (summary.Failed + summary.Errors == 0 && result.ExitCode != 0)
        {
            // Every runner exits non-zero exactly when something failed; a clean report with a failing exit code
            // means the run broke after the report was written (or the report is not the runner's).
            summary = summary with
            {
                Errors = summary.Errors + 1,
                Failures = [.. summary.Failures, new TestFailure("(test run)", $"The runner exited with {result.ExitCode} although its report shows no failure.")],
            };
        }
        return new TestRun(proof, summary, null);
    }
}
