using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using Agents.Contracts;
using Agents.Sandbox.Isolation;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox.Toolchains;

/// <summary>
/// Python: files are parsed with <c>ast</c> inside the sandbox; tests run under the harness
/// (<c>python_harness.py</c>, read-only, isolated interpreter): pytest with the harness's own configuration when it
/// is importable by the system interpreter, else the built-in runner. Canary tests are appended to each test file
/// and every test function the syntax tree shows must be reported.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class PythonToolchain(SandboxRunner runner, IOptions<SandboxOptions> options) : IToolchain
{
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] s_canaryShapes =
    [
        "    assert {0} == {1}\n",
        "    raise ValueError('{2}')\n",
        "    assert sorted([{1}, {0}]) == [{1}, {0}]\n",
        "    raise KeyError('{2}')\n",
        "    assert '{2}' + 'g' in '{2}'\n",
        "    [][{0}]\n",
    ];

    private readonly SandboxOptions _options = options.Value;
    private readonly SemaphoreSlim _probeGate = new(1, 1);
    private bool? _pytestAvailable;

    public string Language => VerificationLanguages.Python;

    public bool IsSource(string path) => path.EndsWith(".py", StringComparison.OrdinalIgnoreCase);

    // -I: isolated mode, so nothing in the workspace (a planted ast.py, say) shadows the standard library.
    public Task<StaticAnalysis> AnalyzeAsync(VerificationContext context, CancellationToken cancellationToken) =>
        ScriptAnalysisReader.RunAsync(runner, context, _options.PythonPath, ["-I", "-c"], "python_analyze.py", cancellationToken);

    public async Task<TestRun> RunTestsAsync(VerificationContext context, StaticAnalysis analysis, CancellationToken cancellationToken)
    {
        var usePytest = _options.PythonTestRunner switch
        {
            "pytest" => true,
            "builtin" => false,
            _ => await PytestAvailableAsync(context, cancellationToken).ConfigureAwait(false),
        };
        var (workspace, harness) = runner.PathsFor(context.Workspace);
        var canaries = new List<string>();
        foreach (var file in context.TestFiles)
        {
            var code = new StringBuilder("\n\n");
            foreach (var body in Canaries.Bodies(s_canaryShapes, Canaries.Count))
            {
                var name = "test_" + Canaries.Name();
                canaries.Add($"{file}::{name}");
                code.Append($"def {name}():\n").Append(body).Append('\n');
            }
            context.Workspace.AppendToInput(file, code.ToString());
        }
        var expected = context.TestFiles
            .SelectMany(f => (analysis.Symbols?.GetValueOrDefault(f) ?? [])
                .Where(s => s.Kind == "function" && s.Name.StartsWith("test", StringComparison.Ordinal))
                .Select(s => $"{f}::{s.Name}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        context.Workspace.WriteHarnessFile("python_harness.py", ScriptResources.Get("python_harness.py"));
        // The harness's own pytest configuration: -c keeps pytest from reading any ini file of the workspace.
        context.Workspace.WriteHarnessFile("pytest.ini", "[pytest]\n");
        var boundary = FunctionLevelModules(context, analysis);
        var config = new PythonHarnessConfig(workspace, $"{harness}/pytest.ini", usePytest ? "pytest" : "builtin", context.TestFiles, _options.MaxOutputBytes, !context.UntrustedTestSide, boundary);
        context.Workspace.WriteHarnessFile("config.json", JsonSerializer.Serialize(config, SandboxJsonContext.Default.PythonHarnessConfig));

        var command = new SandboxCommand(
            _options.PythonPath,
            ["-I", $"{harness}/python_harness.py", "parent", $"{harness}/config.json"],
            context.TestTimeout,
            // No plugin is loaded because it is installed: the harness lists what pytest loads.
            new Dictionary<string, string> { ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1" },
            Label: $"-I <harness>/python_harness.py ({(usePytest ? "pytest" : "built-in runner")}{(boundary is null ? "" : ", code in its own process")}) {string.Join(' ', context.TestFiles)}");
        var result = await runner.RunAsync(context.Workspace, command, context.Slot, cancellationToken).ConfigureAwait(false);
        var (tests, problem, forged) = Read(result);
        return TamperCheck.Evaluate(result, tests, problem, forged, canaries, expected, uniqueIds: true) with { ValuesCrossedBoundary = boundary is not null };
    }

    /// <summary>
    /// The function-level shape, where the code runs in a process of its own: every code file a top-level module
    /// (<c>name.py</c>) declaring only functions at module level, and no untrusted test-side file. Null when the shape does not
    /// apply (classes, module variables, packages): the code then shares the tests' process.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>>? FunctionLevelModules(VerificationContext context, StaticAnalysis analysis)
    {
        if (context.UntrustedTestSide || context.CodeFiles.Count == 0 || analysis.Symbols is null)
        {
            return null;
        }
        var modules = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var file in context.CodeFiles)
        {
            var module = file[..^3];
            var symbols = analysis.Symbols.GetValueOrDefault(file) ?? [];
            // Only module-level names matter: whatever a function defines inside itself stays in the code's process.
            if (file.Contains('/', StringComparison.Ordinal) || !IsIdentifier(module) || symbols.Any(s => !s.Name.Contains('.', StringComparison.Ordinal) && s.Kind != "function"))
            {
                return null;
            }
            modules[module] = [.. symbols.Where(s => s.Kind == "function").Select(s => s.Name).Distinct(StringComparer.Ordinal)];
        }
        return modules.Values.Any(f => f.Count > 0) ? modules : null;
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static (IReadOnlyList<ReportedTest>? Tests, string? Problem, bool Forged) Read(CommandResult result)
    {
        var (block, problem, forged) = HarnessOutput.Find(result.Output);
        if (block is null)
        {
            return (null, problem, forged);
        }
        try
        {
            using var json = JsonDocument.Parse(block);
            var root = json.RootElement;
            if (root.GetProperty("stopped").GetString() is { } stopped)
            {
                return (null, stopped, false);
            }
            var records = root.GetProperty("records").EnumerateArray().ToList();
            var tests = records
                .Where(r => r.TryGetProperty("id", out _))
                .Select(r => new ReportedTest(
                    r.GetProperty("id").GetString() ?? "?",
                    r.GetProperty("outcome").GetString() ?? "error",
                    r.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "",
                    r.TryGetProperty("collection", out var c) && c.ValueKind == JsonValueKind.True))
                .ToList();
            var doneAt = records.FindIndex(r => r.TryGetProperty("done", out _));
            var exit = root.GetProperty("exit").GetInt32();
            if (doneAt < 0)
            {
                return (tests, $"the test process exited (status {exit}) before its report was complete", true);
            }
            if (doneAt != records.Count - 1 || records.Count(r => r.TryGetProperty("done", out _)) != 1)
            {
                return (tests, "records were sent after the test process had finished", true);
            }
            if (root.GetProperty("invalid").GetInt32() > 0)
            {
                return (tests, "the test process sent records the harness does not write", true);
            }
            if (exit != 0)
            {
                return (tests, $"the test process exited with {exit} after finishing its report", true);
            }
            return (tests, null, false);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, "the harness's report is not the expected JSON", false);
        }
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
                var result = await runner.RunAsync(context.Workspace, probe, context.Slot, cancellationToken).ConfigureAwait(false);
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
