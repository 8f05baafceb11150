using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using Agents.Contracts;
using Agents.Sandbox.Isolation;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox.Toolchains;

/// <summary>
/// JavaScript: files are parsed inside the sandbox by acorn, the parser Node ships with; tests run with
/// <c>node --test</c> on harness-owned entry files only (one per test file: canaries, the test file, more
/// canaries) and the harness's own reporter, both read-only.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class JavaScriptToolchain(SandboxRunner runner, IOptions<SandboxOptions> options) : IToolchain
{
    private static readonly string[] s_canaryShapes =
    [
        "assert.strictEqual({0}, {1});",
        "throw new Error('{2}');",
        "assert.deepStrictEqual([{0}, {1}], [{1}, {0}]);",
        "if ({0} !== {1}) {{ throw new RangeError('{2}'); }}",
        "assert.ok('{2}'.includes('{2}g'));",
        "return Promise.reject(new TypeError('{2}'));",
    ];

    private readonly SandboxOptions _options = options.Value;

    public string Language => VerificationLanguages.JavaScript;

    public bool IsSource(string path) =>
        path.EndsWith(".js", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".mjs", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".cjs", StringComparison.OrdinalIgnoreCase);

    public Task<StaticAnalysis> AnalyzeAsync(VerificationContext context, CancellationToken cancellationToken) =>
        ScriptAnalysisReader.RunAsync(runner, context, _options.NodePath, ["--expose-internals", "-e"], "js_analyze.js", cancellationToken);

    public async Task<TestRun> RunTestsAsync(VerificationContext context, StaticAnalysis analysis, CancellationToken cancellationToken)
    {
        var (workspace, harness) = runner.PathsFor(context.Workspace);
        context.Workspace.WriteHarnessFile("node_reporter.mjs", ScriptResources.Get("node_reporter.mjs"));
        var canaries = new List<string>();
        var entries = new List<string>();
        var entryFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < context.TestFiles.Count; i++)
        {
            var entry = $"entry{i}.mjs";
            var target = new Uri($"{workspace}/{context.TestFiles[i]}").AbsoluteUri;
            var code = new StringBuilder("import { test } from 'node:test';\nimport assert from 'node:assert';\n");
            // Canaries before and after the import: an exit or a rewrite during the test file's run loses the later ones.
            var bodies = Canaries.Bodies(s_canaryShapes, Canaries.Count);
            AddCanaries(code, $"{harness}/{entry}", canaries, bodies.Take(1));
            code.Append($"await import({JsonSerializer.Serialize(target, SandboxJsonContext.Default.String)});\n");
            AddCanaries(code, $"{harness}/{entry}", canaries, bodies.Skip(1));
            context.Workspace.WriteHarnessFile(entry, code.ToString());
            entries.Add($"{harness}/{entry}");
            entryFiles[$"{harness}/{entry}"] = context.TestFiles[i];
        }

        var command = new SandboxCommand(
            _options.NodePath,
            ["--test", $"--test-reporter={harness}/node_reporter.mjs", "--test-reporter-destination=stdout", .. entries],
            context.TestTimeout,
            Label: $"--test --test-reporter=<harness reporter> {string.Join(' ', context.TestFiles.Select(f => $"<entry: canaries + {f}>"))}");
        var result = await runner.RunAsync(context.Workspace, command, context.Slot, cancellationToken).ConfigureAwait(false);
        var (tests, problem, forged) = Read(result, workspace, entryFiles);
        // Node names tests freely (the same name in two suites, in a loop): only canaries must be unique.
        return TamperCheck.Evaluate(result, tests, problem, forged, canaries, [], uniqueIds: false);
    }

    private static void AddCanaries(StringBuilder code, string entry, List<string> canaries, IEnumerable<string> bodies)
    {
        foreach (var body in bodies)
        {
            var name = Canaries.Name();
            canaries.Add($"{entry}::{name}");
            code.Append($"test('{name}', () => {{ {body} }});\n");
        }
    }

    private static (IReadOnlyList<ReportedTest>? Tests, string? Problem, bool Forged) Read(CommandResult result, string workspace, Dictionary<string, string> entryFiles)
    {
        var (block, problem, forged) = HarnessOutput.Find(result.Output);
        if (block is null)
        {
            return (null, problem, forged);
        }
        try
        {
            using var json = JsonDocument.Parse(block);
            var tests = new List<ReportedTest>();
            foreach (var test in json.RootElement.GetProperty("tests").EnumerateArray())
            {
                var file = test.GetProperty("file").GetString() ?? "";
                var name = test.GetProperty("name").GetString() ?? "";
                var outcome = test.GetProperty("outcome").GetString() ?? "failed";
                var message = test.GetProperty("message").GetString() ?? "";
                if (entryFiles.TryGetValue(name, out var testFile))
                {
                    // The entry file itself: it fails whenever a canary fails, which is expected; it passing means
                    // its canaries did not run.
                    if (outcome == "passed")
                    {
                        return (tests, $"the test file {testFile} was reported as one passing test: it exited before its tests ran", true);
                    }
                    continue;
                }
                var relative = file.StartsWith(workspace + "/", StringComparison.Ordinal) ? file[(workspace.Length + 1)..] : file;
                tests.Add(new ReportedTest($"{relative}::{name}", outcome, message));
            }
            if (result.ExitCode != 1)
            {
                // Canaries always fail, so node --test exits with 1 exactly when it ran to the end.
                return (tests, $"node --test exited with {result.ExitCode}, although its canaries fail by design", true);
            }
            return (tests, null, false);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, "the harness's report is not the expected JSON", false);
        }
    }
}
