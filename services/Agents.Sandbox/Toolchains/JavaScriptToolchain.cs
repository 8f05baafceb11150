using System.Runtime.Versioning;
using Agents.Contracts;
using Agents.Sandbox.Isolation;
using Agents.Sandbox.Reports;
using Agents.Sandbox.Workspaces;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox.Toolchains;

/// <summary>
/// JavaScript: files are parsed inside the sandbox by acorn, the parser Node ships with; tests run with
/// <c>node --test</c> and its JUnit reporter.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class JavaScriptToolchain(SandboxRunner runner, IOptions<SandboxOptions> options) : IToolchain
{
    private const string ReportPath = VerificationRequestValidator.ReservedFolder + "/report.xml";

    private readonly SandboxOptions _options = options.Value;

    public string Language => VerificationLanguages.JavaScript;

    public bool IsSource(string path) =>
        path.EndsWith(".js", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".mjs", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".cjs", StringComparison.OrdinalIgnoreCase);

    public Task<StaticAnalysis> AnalyzeAsync(VerificationContext context, CancellationToken cancellationToken) =>
        ScriptAnalysisReader.RunAsync(runner, context, _options.NodePath, ["--expose-internals", "-e"], "js_analyze.js", cancellationToken);

    public async Task<TestRun> RunTestsAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var command = new SandboxCommand(
            _options.NodePath,
            ["--test", "--test-reporter=junit", $"--test-reporter-destination={ReportPath}", .. context.TestFiles],
            context.TestTimeout);
        var result = await runner.RunAsync(context.Workspace.Root, command, context.Slot, cancellationToken).ConfigureAwait(false);
        return await TestReports.ReadAsync(context.Workspace, result, ReportPath, JUnitReportParser.Parse).ConfigureAwait(false);
    }
}
