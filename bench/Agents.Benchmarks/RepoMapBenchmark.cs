using System.Diagnostics;
using System.Globalization;
using Agents.Sandbox.Maps;
using Agents.Testing;
using Microsoft.CodeAnalysis.CSharp;

namespace Agents.Benchmarks;

/// <summary>
/// The repository map of this repository itself (every tracked <c>.cs</c> file outside bin/obj): declarations by
/// Roslyn, ranking and rendering for a requirement, against parsing the same files alone (the floor any C# map pays),
/// best of a few rounds each. Options: <c>--budget N</c> tokens (default 4096), <c>--rounds N</c> (default 5).
/// </summary>
internal sealed class RepoMapBenchmark : IBenchmark
{
    private const string Requirement = "Retry the gRPC verification call when the sandbox is unavailable, with a budget per run.";

    public string Name => "repomap";

    public string Description => "repository map of this repository's .cs files: files, symbols, build time against parsing alone, tokens";

    public Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var budget = WorkflowsBenchmarkOptions.Int(arguments, "--budget", 4096);
        var rounds = WorkflowsBenchmarkOptions.Int(arguments, "--rounds", 5);
        var root = TestPaths.RepoRoot;
        var contents = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Where(p => !p.Split('/').Any(segment => segment is "bin" or "obj" or ".git"))
            .Order(StringComparer.Ordinal)
            .ToDictionary(p => p, p => File.ReadAllText(Path.Combine(root, p)), StringComparer.Ordinal);

        double parseMs = double.MaxValue, buildMs = double.MaxValue;
        RepositoryMap? map = null;
        for (var round = 0; round < rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            foreach (var (path, text) in contents)
            {
                _ = CSharpSyntaxTree.ParseText(text, path: path, cancellationToken: cancellationToken).GetRoot(cancellationToken);
            }
            parseMs = Math.Min(parseMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            started = Stopwatch.GetTimestamp();
            var declarations = contents.ToDictionary(c => c.Key, c => CSharpDeclarations.Of(c.Key, c.Value, cancellationToken), StringComparer.Ordinal);
            map = RepositoryMapper.Build(declarations, contents, Requirement, budget);
            buildMs = Math.Min(buildMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"repomap files={map!.FilesTotal} symbols={map.SymbolsTotal} build_ms={buildMs:0} tokens={map.Tokens} parse_only_ms={parseMs:0} ratio={buildMs / parseMs:0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  budget={budget} tokens: {map.Files.Count} file(s) shown, {map.Omitted} left out; best of {rounds}; top: {string.Join(", ", map.Files.Take(3).Select(f => f.Path))}"));
        return Task.FromResult(0);
    }
}
