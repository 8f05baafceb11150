extern alias gateway;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Agents.Contracts;
using Agents.Pipeline;
using Agents.Testing;
using Agents.Testing.OpenAi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Agents.Benchmarks;

/// <summary>
/// The gateway's hot read path: <c>GET /api/workflow/{id}</c> of a finished run (a real pipeline run in this process,
/// scripted model, real sandbox), served by the embedded gateway on Kestrel over loopback, against a bare ASP.NET Core
/// <c>/health</c> in the same process and run. Prints the closed-loop throughput, and p95 latency at a fixed rate (open
/// loop, alternating one-second slices) for both; exits 1 when the gateway's p95 is not under the floor. Options: <c>--seconds N</c> (each measured phase, default 10), <c>--rate N</c> (default 1000),
/// <c>--connections N</c> (closed loop, default 50).
/// </summary>
internal sealed class GatewayBenchmark : IBenchmark
{
    private const double P95FloorMs = 5;
    private static readonly TimeSpan s_warmUp = TimeSpan.FromSeconds(5);

    public string Name => "gateway";

    public string Description => "status reads per second of a finished run, and p95 (ms) at a fixed rate against a bare endpoint";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var seconds = TimeSpan.FromSeconds(WorkflowsBenchmarkOptions.Int(arguments, "--seconds", 10));
        var rate = WorkflowsBenchmarkOptions.Int(arguments, "--rate", 1000);
        var connections = WorkflowsBenchmarkOptions.Int(arguments, "--connections", 50);

        await using var llm = await OpenAiTestServer.StartAsync(cancellationToken);
        PipelineScripts.PassFirstTime(llm);
        await using var gatewayHost = StartGateway(llm, TempDirectories.Create("agents-gateway-bench-"));
        await using var bare = await BareEndpoint.StartAsync(cancellationToken);
        var run = await FinishRunAsync(gatewayHost, cancellationToken);
        var runUrl = new Uri(gatewayHost.ClientOptions.BaseAddress, $"/api/workflow/{run}");

        var readPathUs = await MeasureReadPathAsync(gatewayHost.Services.GetRequiredService<PipelineRuns>(), run, cancellationToken);
        using var load = new LoopbackLoad(connections);
        // Warm-up: JIT tiers, connection pools, the first assembly of the run.
        await load.ClosedLoopAsync(bare.Url, connections, s_warmUp, cancellationToken);
        await load.ClosedLoopAsync(runUrl, connections, s_warmUp, cancellationToken);
        await load.OpenLoopAsync(bare.Url, rate, s_warmUp, cancellationToken);
        await load.OpenLoopAsync(runUrl, rate, s_warmUp, cancellationToken);
        // One-second slices, alternating, so that changes in the machine's load (other builds) fall on both sides alike.
        var baselineSlices = new List<OpenLoopResult>();
        var readSlices = new List<OpenLoopResult>();
        for (var slice = 0; slice < seconds.TotalSeconds; slice++)
        {
            baselineSlices.Add(await load.OpenLoopAsync(bare.Url, rate, TimeSpan.FromSeconds(1), cancellationToken));
            readSlices.Add(await load.OpenLoopAsync(runUrl, rate, TimeSpan.FromSeconds(1), cancellationToken));
        }
        var baseline = OpenLoopResult.Combine(baselineSlices);
        var reads = OpenLoopResult.Combine(readSlices);
        var readsPerSecond = await load.ClosedLoopAsync(runUrl, connections, seconds, cancellationToken);
        var baselineReadsPerSecond = await load.ClosedLoopAsync(bare.Url, connections, seconds, cancellationToken);

        // Headline latency is from each request's send: the open loop keeps the rate whatever the server does, and the
        // sender's own lateness (its timer wakes about every millisecond, later on a busy machine) is the generator's,
        // not the gateway's; from the due time it is printed below.
        var p95 = OpenLoopResult.Percentile(reads.FromSendMs, 0.95);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gateway status_reads_per_s={readsPerSecond:F0} p95_ms_at_{rate}rps={p95:F2} baseline_p95_ms_at_{rate}rps={OpenLoopResult.Percentile(baseline.FromSendMs, 0.95):F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  connections={connections} seconds={seconds.TotalSeconds} achieved_rps={reads.AchievedRate:F0} baseline_achieved_rps={baseline.AchievedRate:F0} p50_ms={OpenLoopResult.Percentile(reads.FromSendMs, 0.5):F2} p99_ms={OpenLoopResult.Percentile(reads.FromSendMs, 0.99):F2} p95_from_due_ms={OpenLoopResult.Percentile(reads.FromDueMs, 0.95):F2} baseline_p95_from_due_ms={OpenLoopResult.Percentile(baseline.FromDueMs, 0.95):F2} baseline_reads_per_s={baselineReadsPerSecond:F0} read_path_us={readPathUs:F1} floor_p95_ms={P95FloorMs}"));
        return p95 < P95FloorMs ? 0 : 1;
    }

    /// <summary>The embedded gateway as it ships, on Kestrel, with the scripted model and the run-reads budget off.</summary>
    private static WebApplicationFactory<gateway::Program> StartGateway(OpenAiTestServer llm, string dataDirectory)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Llm:Providers:scripted:Preset"] = "openai-compatible",
            ["Llm:Providers:scripted:Endpoint"] = llm.Endpoint,
            ["Llm:Providers:scripted:Models:0"] = "test-model",
            ["Llm:Providers:scripted:MaxRetries"] = "0",
            ["Pipeline:DataDirectory"] = dataDirectory,
            // 600 reads a minute per client is the shipped budget; the benchmark is one client asking far more often.
            ["Gateway:RateLimits:RunReadsPerMinute"] = "0",
        };
        var factory = new WebApplicationFactory<gateway::Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            // The factory looks for its manifest in the working directory, which under `dotnet run` is not the output.
            web.UseContentRoot(AppContext.BaseDirectory);
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        // An explicit loopback listener on a free port; the factory's UseKestrel(0) keeps the default localhost:5000.
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        return factory;
    }

    /// <summary>Starts a run and waits for its event stream to end (after the final event); the run must have completed.</summary>
    private static async Task<string> FinishRunAsync(WebApplicationFactory<gateway::Program> factory, CancellationToken cancellationToken)
    {
        using var http = factory.CreateClient();
        http.Timeout = TimeSpan.FromMinutes(2);
        using var started = await http.PostAsJsonAsync("/api/workflow/full-sdlc",
            new { requirements = PipelineScripts.Requirements, language = "python" }, cancellationToken);
        started.EnsureSuccessStatusCode();
        var id = (await started.Content.ReadFromJsonAsync(AgentsJsonContext.Default.PipelineAccepted, cancellationToken))!.Id;
        using (var events = await http.GetAsync($"/api/workflow/{id}/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken))
        {
            events.EnsureSuccessStatusCode();
            await events.Content.ReadAsStringAsync(cancellationToken);
        }
        var run = await http.GetFromJsonAsync($"/api/workflow/{id}", AgentsJsonContext.Default.PipelineRun, cancellationToken);
        return run?.Status == PipelineStatuses.Completed
            ? id
            : throw new InvalidOperationException($"The benchmark's run ended {run?.Status}: {run?.Reason}; are bubblewrap and pytest installed?");
    }

    /// <summary>Microseconds per read of the run straight from <see cref="PipelineRuns"/> (state and artifacts, no HTTP).</summary>
    private static async Task<double> MeasureReadPathAsync(PipelineRuns runs, string id, CancellationToken cancellationToken)
    {
        const int Reads = 2000;
        for (var i = 0; i < Reads / 10; i++)
        {
            await runs.GetAsync(id, cancellationToken);
        }
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Reads; i++)
        {
            await runs.GetAsync(id, cancellationToken);
        }
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / Reads;
    }
}
