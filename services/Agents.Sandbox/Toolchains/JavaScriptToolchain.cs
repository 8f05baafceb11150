using System.Runtime.Versioning;
using System.Text.Json;
using Agents.Contracts;
using Agents.Sandbox.Isolation;
using Agents.Sandbox.Reports;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox.Toolchains;

/// <summary>
/// JavaScript: files are parsed inside the sandbox by acorn, the parser Node ships with; tests run with
/// <c>node --test</c> and its JUnit reporter.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class JavaScriptToolchain(SandboxRunner runner, IOptions<SandboxOptions> options) : IToolchain
{
    private const string ReportPath = ".agents/report.xml";
    private static readonly TimeSpan s_analysisTimeout = TimeSpan.FromSeconds(30);

    private readonly SandboxOptions _options = options.Value;

    public string Language => VerificationLanguages.JavaScript;

    public async Task<StaticAnalysis> AnalyzeAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var spec = JsonSerializer.Serialize(new Dictionary<string, IEnumerable<string>> { ["parse"] = context.AllFiles, ["analyze"] = context.CodeFiles }, SandboxJsonContext.Default.DictionaryStringIEnumerableString);
        var command = new SandboxCommand(_options.NodePath, ["--expose-internals", "-e", ScriptResources.Get("js_analyze.js"), spec], s_analysisTimeout, Label: $"--expose-internals -e <js_analyze.js> {spec}");
        var result = await runner.RunAsync(context.Workspace.Root, command, context.Slot, cancellationToken).ConfigureAwait(false);
        return ScriptAnalysisReader.Read(result);
    }

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
