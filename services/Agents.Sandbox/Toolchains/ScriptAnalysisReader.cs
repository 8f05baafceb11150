using System.Runtime.Versioning;
using System.Text.Json;
using Agents.Contracts;
using Agents.Sandbox.Isolation;

namespace Agents.Sandbox.Toolchains;

/// <summary>Runs an in-sandbox analyser (<c>python_analyze.py</c>, <c>js_analyze.js</c>) and reads the JSON it prints.</summary>
[SupportedOSPlatform("linux")]
internal static class ScriptAnalysisReader
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="script"/> inline (<c>interpreter inlineFlags... script spec</c>) in the verification's
    /// sandbox, with the files to parse and to analyse as its JSON argument.
    /// </summary>
    public static async Task<StaticAnalysis> RunAsync(
        SandboxRunner runner, VerificationContext context, string interpreter, IReadOnlyList<string> inlineFlags, string script, CancellationToken cancellationToken)
    {
        var spec = JsonSerializer.Serialize(new Dictionary<string, IEnumerable<string>> { ["parse"] = context.AllFiles, ["analyze"] = context.CodeFiles }, SandboxJsonContext.Default.DictionaryStringIEnumerableString);
        var command = new SandboxCommand(interpreter, [.. inlineFlags, ScriptResources.Get(script), spec], s_timeout, Label: $"{string.Join(' ', inlineFlags)} <{script}> {spec}");
        var result = await runner.RunAsync(context.Workspace, command, context.Slot, cancellationToken).ConfigureAwait(false);
        return Read(result);
    }

    private static StaticAnalysis Read(CommandResult result)
    {
        var proof = Proofs.From(result);
        if (!result.Succeeded)
        {
            return Failed(proof, $"The analyser did not finish (exit {result.ExitCode}). {result.StopReason}");
        }
        try
        {
            using var json = JsonDocument.Parse(result.Output);
            var root = json.RootElement;
            var syntax = root.GetProperty("syntax").EnumerateArray()
                .Select(e => new VerificationFinding(e.GetProperty("file").GetString()!, e.GetProperty("line").GetInt32(), "syntax-error", FindingSeverities.High, e.GetProperty("message").GetString()!))
                .ToList();
            var symbols = root.GetProperty("symbols").EnumerateObject().ToDictionary(
                p => p.Name,
                p => (IReadOnlyList<DeclaredSymbol>)p.Value.EnumerateArray()
                    .Select(s => new DeclaredSymbol(s.GetProperty("kind").GetString()!, s.GetProperty("name").GetString()!, s.GetProperty("line").GetInt32()))
                    .ToList(),
                StringComparer.Ordinal);
            var findings = root.GetProperty("findings").EnumerateArray()
                .Select(e => new VerificationFinding(e.GetProperty("file").GetString()!, e.GetProperty("line").GetInt32(), e.GetProperty("rule").GetString()!, e.GetProperty("severity").GetString()!, e.GetProperty("message").GetString()!))
                .ToList();
            return new StaticAnalysis(proof with { OutputExcerpt = Proofs.Excerpt(Summarise(syntax, symbols, findings)) }, syntax, symbols, findings);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Failed(proof, "The analyser's output is not the expected JSON.");
        }
    }

    private static string Summarise(List<VerificationFinding> syntax, Dictionary<string, IReadOnlyList<DeclaredSymbol>> symbols, List<VerificationFinding> findings) =>
        $"{syntax.Count} syntax error(s); {symbols.Values.Sum(s => s.Count)} symbol(s) in {symbols.Count} file(s); {findings.Count} security finding(s)" +
        string.Concat(syntax.Select(s => $"\n{s.File}:{s.Line}: {s.Message}"));

    private static StaticAnalysis Failed(CheckpointProof proof, string message) =>
        new(proof, [new VerificationFinding("", 0, "analysis-failed", FindingSeverities.High, message)], null, []);
}
