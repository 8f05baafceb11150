using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Agents.Contracts;
using Agents.Sandbox;
using Agents.Sandbox.Isolation;
using Agents.Sandbox.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Agents.Benchmarks;

/// <summary>
/// Verification throughput with the configured parallelism, and the cost of isolation: the same pytest command run
/// alternately inside bubblewrap and without it (same limits, same environment) in the same process.
/// Options: <c>--verifications N</c> (default 40), <c>--runs N</c> (default 30 of each kind).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SandboxBenchmark : IBenchmark
{
    private const double OverheadFloorMs = 50;
    private const string Solution = "def add(a, b):\n    return a + b\n";
    private const string Test = "from solution import add\n\ndef test_add():\n    assert add(1, 2) == 3\n";

    public string Name => "sandbox";

    public string Description => "verifications per second, and isolation overhead per run (ms) against the same command unisolated";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var verifications = Option(arguments, "--verifications", 40);
        var runs = Option(arguments, "--runs", 30);
        var workRoot = Path.Combine(Path.GetTempPath(), "agents-sandbox-bench-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddAgentsSandbox();
        builder.Services.Configure<SandboxOptions>(o => o.WorkRoot = workRoot);
        using var host = builder.Build();
        try
        {
            var verifier = host.Services.GetRequiredService<IVerificationService>();
            var options = host.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
            var request = new VerificationRequest(
                VerificationLanguages.Python,
                new Dictionary<string, string> { ["solution.py"] = Solution },
                new Dictionary<string, string> { ["test_solution.py"] = Test },
                [new CodeClaim("function", "add", "solution.py")]);

            // Warm-up: the isolation probe, the pytest probe, the JIT.
            var warm = await verifier.VerifyAsync(request, cancellationToken);
            if (!warm.Verified)
            {
                await Console.Error.WriteLineAsync("The benchmark's own verification failed; is pytest or bubblewrap missing?");
                return 1;
            }

            var started = Stopwatch.GetTimestamp();
            var results = await Task.WhenAll(Enumerable.Range(0, verifications).Select(_ => verifier.VerifyAsync(request, cancellationToken)));
            var perSecond = verifications / Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (results.Any(r => !r.Verified))
            {
                await Console.Error.WriteLineAsync("A benchmark verification failed.");
                return 1;
            }

            var runner = host.Services.GetRequiredService<SandboxRunner>();
            var overhead = await MeasureOverheadAsync(runner, options, runs, cancellationToken);
            var candidate = await MeasureCandidateProcessAsync(runner, options, runs, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sandbox verifications_per_s={perSecond:0.00} overhead_ms_per_run={overhead.Overhead:0.0} candidate_process_ms={candidate:0.0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  parallel={options.MaxParallelVerifications} verifications={verifications} runs={runs} isolated_median_ms={overhead.Isolated:0.0} unisolated_median_ms={overhead.Unisolated:0.0} floor_ms={OverheadFloorMs}"));
            return overhead.Overhead < OverheadFloorMs ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(workRoot))
            {
                Directory.Delete(workRoot, recursive: true);
            }
        }
    }

    private static async Task<(double Overhead, double Isolated, double Unisolated)> MeasureOverheadAsync(SandboxRunner runner, SandboxOptions options, int runs, CancellationToken cancellationToken)
    {
        using var workspace = Workspace.Create(
            runner.WorkspaceRoot,
            new Dictionary<string, string> { ["solution.py"] = Solution, ["test_solution.py"] = Test },
            options);
        var command = new SandboxCommand(options.PythonPath, ["-I", "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_solution.py"], TimeSpan.FromSeconds(60));
        var isolated = new List<double>();
        var unisolated = new List<double>();
        for (var i = 0; i < runs + 2; i++)
        {
            // Alternate so that drift in machine load affects both sides alike; the first two pairs warm caches.
            var inside = await runner.RunAsync(workspace, command, 0, isolated: true, cancellationToken);
            var outside = await runner.RunAsync(workspace, command, 0, isolated: false, cancellationToken);
            if (inside.ExitCode != 0 || outside.ExitCode != 0)
            {
                throw new InvalidOperationException($"The measured command failed: {inside.Output}\n{outside.Output}");
            }
            if (i >= 2)
            {
                isolated.Add(inside.Duration.TotalMilliseconds);
                unisolated.Add(outside.Duration.TotalMilliseconds);
            }
        }
        var inMedian = Median(isolated);
        var outMedian = Median(unisolated);
        return (inMedian - outMedian, inMedian, outMedian);
    }

    /// <summary>
    /// What the separate candidate process of function-level Python tasks costs: one more isolated interpreter
    /// started by the test process, measured in the sandbox as the difference between starting it and not.
    /// </summary>
    private static async Task<double> MeasureCandidateProcessAsync(SandboxRunner runner, SandboxOptions options, int runs, CancellationToken cancellationToken)
    {
        using var workspace = Workspace.Create(runner.WorkspaceRoot, [], options);
        var with = new SandboxCommand(options.PythonPath, ["-I", "-c", "import subprocess, sys; subprocess.run([sys.executable, '-I', '-c', 'import json, os'], check=True)"], TimeSpan.FromSeconds(60));
        var without = new SandboxCommand(options.PythonPath, ["-I", "-c", "import subprocess, sys"], TimeSpan.FromSeconds(60));
        var differences = new List<double>();
        for (var i = 0; i < runs + 2; i++)
        {
            var a = await runner.RunAsync(workspace, with, 0, cancellationToken);
            var b = await runner.RunAsync(workspace, without, 0, cancellationToken);
            if (a.ExitCode != 0 || b.ExitCode != 0)
            {
                throw new InvalidOperationException($"The measured command failed: {a.Output}\n{b.Output}");
            }
            if (i >= 2)
            {
                differences.Add(a.Duration.TotalMilliseconds - b.Duration.TotalMilliseconds);
            }
        }
        return Median(differences);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    private static int Option(IReadOnlyList<string> arguments, string name, int fallback)
    {
        for (var i = 0; i < arguments.Count - 1; i++)
        {
            if (arguments[i] == name && int.TryParse(arguments[i + 1], CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                return value;
            }
        }
        return fallback;
    }
}
