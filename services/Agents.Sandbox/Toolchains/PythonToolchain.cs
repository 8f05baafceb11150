using System.Runtime.Versioning;
using Agents.Contracts;
using Agents.Sandbox.Isolation;
using Agents.Sandbox.Reports;
using Agents.Sandbox.Workspaces;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox.Toolchains;

/// <summary>
/// Python: files are parsed with <c>ast</c> inside the sandbox; tests run with pytest (<c>--junitxml</c>) when it is
/// importable by the system interpreter, else with the built-in runner, which writes the same JUnit XML.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class PythonToolchain(SandboxRunner runner, IOptions<SandboxOptions> options) : IToolchain
{
    private const string ReportPath = VerificationRequestValidator.ReservedFolder + "/report.xml";
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(30);

    private readonly SandboxOptions _options = options.Value;
    private readonly SemaphoreSlim _probeGate = new(1, 1);
    private bool? _pytestAvailable;

    public string Language => VerificationLanguages.Python;

    public bool IsSource(string path) => path.EndsWith(".py", StringComparison.OrdinalIgnoreCase);

    // -I: isolated mode, so nothing in the workspace (a planted ast.py, say) shadows the standard library.
    public Task<StaticAnalysis> AnalyzeAsync(VerificationContext context, CancellationToken cancellationToken) =>
        ScriptAnalysisReader.RunAsync(runner, context, _options.PythonPath, ["-I", "-c"], "python_analyze.py", cancellationToken);

    public async Task<TestRun> RunTestsAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var usePytest = _options.PythonTestRunner switch
        {
            "pytest" => true,
            "builtin" => false,
            _ => await PytestAvailableAsync(context, cancellationToken).ConfigureAwait(false),
        };
        IReadOnlyList<string> arguments = usePytest
            ? ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "junit_family=xunit2", $"--junitxml={ReportPath}", .. context.TestFiles]
            : ["-c", ScriptResources.Get("python_runner.py"), ReportPath, .. context.TestFiles];
        var label = usePytest ? null : $"-c <python_runner.py> {ReportPath} {string.Join(' ', context.TestFiles)}";
        var command = new SandboxCommand(_options.PythonPath, arguments, context.TestTimeout, Label: label);
        var result = await runner.RunAsync(context.Workspace.Root, command, context.Slot, cancellationToken).ConfigureAwait(false);
        return await TestReports.ReadAsync(context.Workspace, result, ReportPath, JUnitReportParser.Parse).ConfigureAwait(false);
    }

    private async Task<bool> PytestAvailableAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        if (_pytestAvailable is { } known)
        {
            return known;
        }
        await _probeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_pytestAvailable is null)
            {
                var probe = new SandboxCommand(_options.PythonPath, ["-I", "-c", "import pytest"], s_probeTimeout);
                var result = await runner.RunAsync(context.Workspace.Root, probe, context.Slot, cancellationToken).ConfigureAwait(false);
                _pytestAvailable = result.ExitCode == 0;
            }
            return _pytestAvailable.Value;
        }
        finally
        {
            _probeGate.Release();
        }
    }
}
