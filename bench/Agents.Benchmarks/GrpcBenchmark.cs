using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Agents.Client;
using Agents.Contracts;
using Agents.Grpc.V1;
using Agents.Testing;
using Agents.Testing.OpenAi;

namespace Agents.Benchmarks;

/// <summary>
/// gRPC against HTTP on the same process, same run. (1) The same trivial verification (one file, no tests) against
/// SandboxHost, alternately over gRPC (its Grpc:Port listener) and over HTTP (POST /api/verify), one call at a time;
/// medians of each. (2) Reads of a finished run from an embedded gateway (scripted model, real sandbox), GetRun against
/// <c>GET /api/workflow/{id}</c>, closed loop with a fixed number of callers, in alternating one-second slices.
/// Options: <c>--calls N</c> (default 60 of each), <c>--seconds N</c> (reads, each protocol, default 6),
/// <c>--callers N</c> (default 16).
/// </summary>
internal sealed class GrpcBenchmark : IBenchmark
{
    public string Name => "grpc";

    public string Description => "verify round trip (ms) over gRPC and over HTTP against the same SandboxHost";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var calls = WorkflowsBenchmarkOptions.Int(arguments, "--calls", 60);
        await VerifyRoundTripsAsync(calls, cancellationToken);
        await StatusReadsAsync(WorkflowsBenchmarkOptions.Int(arguments, "--seconds", 6), WorkflowsBenchmarkOptions.Int(arguments, "--callers", 16), cancellationToken);
        return 0;
    }

    private static async Task VerifyRoundTripsAsync(int calls, CancellationToken cancellationToken)
    {
        var port = TestPorts.Free();
        await using var host = await ServiceProcess.StartAsync("Agents.SandboxHost", new Dictionary<string, string?> { ["Grpc__Port"] = port.ToString(CultureInfo.InvariantCulture) });
        using var agents = AgentsClient.Create(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
        var request = new VerificationRequest(VerificationLanguages.Python, new Dictionary<string, string> { ["solution.py"] = "def add(a, b):\n    return a + b\n" });
        var message = request.ToProto();

        // Warm-up: connections, the JIT, the sandbox's probes.
        await agents.Verification.VerifyAsync(message, cancellationToken: cancellationToken);
        (await host.Http.PostAsJsonAsync("/api/verify", request, AgentsJsonContext.Default.VerificationRequest, cancellationToken)).EnsureSuccessStatusCode();

        var grpc = new List<double>(calls);
        var http = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await agents.Verification.VerifyAsync(message, cancellationToken: cancellationToken);
            grpc.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            started = Stopwatch.GetTimestamp();
            using var response = await host.Http.PostAsJsonAsync("/api/verify", request, AgentsJsonContext.Default.VerificationRequest, cancellationToken);
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadFromJsonAsync(AgentsJsonContext.Default.VerificationResult, cancellationToken);
            http.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"grpc verify_roundtrip_ms={Median(grpc):0.00} http_verify_roundtrip_ms={Median(http):0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  calls={calls} each, alternating, one at a time; medians"));
    }

    private static async Task StatusReadsAsync(int seconds, int callers, CancellationToken cancellationToken)
    {
        await using var llm = await OpenAiTestServer.StartAsync(cancellationToken);
        PipelineScripts.PassFirstTime(llm);
        var port = TestPorts.Free();
        await using var gateway = await ServiceProcess.StartAsync("Agents.Gateway", new Dictionary<string, string?>
        {
            ["Grpc__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Pipeline__DataDirectory"] = TempDirectories.Create("agents-grpc-bench-"),
            ["Llm__Providers__scripted__Preset"] = "openai-compatible",
            ["Llm__Providers__scripted__Endpoint"] = llm.Endpoint,
            ["Llm__Providers__scripted__Models__0"] = "test-model",
            ["Gateway__RateLimits__RunReadsPerMinute"] = "0",
            ["Gateway__RateLimits__RequestsPerMinute"] = "0",
        });
        using var agents = AgentsClient.Create(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
        var id = (await agents.Workflows.StartPipelineAsync(
            new StartPipelineRequest { Requirements = PipelineScripts.Requirements, Language = "python" }, cancellationToken: cancellationToken)).Id;
        using (var events = agents.Workflows.StreamEvents(new StreamEventsRequest { RunId = id }, cancellationToken: cancellationToken))
        {
            while (await events.ResponseStream.MoveNext(cancellationToken))
            {
            }
        }
        var read = new GetRunRequest { Id = id };
        using var http = new HttpClient { BaseAddress = gateway.Address };
        Func<Task> overGrpc = async () => await agents.Workflows.GetRunAsync(read, cancellationToken: cancellationToken);
        Func<Task> overHttp = async () =>
        {
            using var response = await http.GetAsync($"/api/workflow/{id}", HttpCompletionOption.ResponseContentRead, cancellationToken);
            response.EnsureSuccessStatusCode();
        };

        // Warm-up: connections, the JIT, the first assembly of the finished run.
        await ClosedLoopAsync(overGrpc, callers, TimeSpan.FromSeconds(2), cancellationToken);
        await ClosedLoopAsync(overHttp, callers, TimeSpan.FromSeconds(2), cancellationToken);
        long grpcReads = 0, httpReads = 0;
        for (var slice = 0; slice < seconds; slice++)
        {
            // Alternating slices: a change in the machine's load falls on both sides alike.
            grpcReads += await ClosedLoopAsync(overGrpc, callers, TimeSpan.FromSeconds(1), cancellationToken);
            httpReads += await ClosedLoopAsync(overHttp, callers, TimeSpan.FromSeconds(1), cancellationToken);
        }
        double grpcRate = (double)grpcReads / seconds, httpRate = (double)httpReads / seconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"grpc status_reads_per_s={grpcRate:0} http_status_reads_per_s={httpRate:0} ratio={grpcRate / httpRate:0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  finished run, embedded gateway, {callers} callers, {seconds} alternating 1 s slices each"));
    }

    /// <summary>Calls completed by <paramref name="callers"/> concurrent loops within <paramref name="duration"/>.</summary>
    private static async Task<long> ClosedLoopAsync(Func<Task> call, int callers, TimeSpan duration, CancellationToken cancellationToken)
    {
        long completed = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
            {
                await call();
                Interlocked.Increment(ref completed);
            }
        }));
        return completed;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
