using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Agents.Client;
using Agents.Contracts;
using Agents.Testing;

namespace Agents.Benchmarks;

/// <summary>
/// The same trivial verification (one file, no tests) against SandboxHost as a real process, alternately over gRPC
/// (its Grpc:Port listener) and over HTTP (POST /api/verify), one call at a time; medians of each.
/// Options: <c>--calls N</c> (default 60 of each).
/// </summary>
internal sealed class GrpcBenchmark : IBenchmark
{
    public string Name => "grpc";

    public string Description => "verify round trip (ms) over gRPC and over HTTP against the same SandboxHost";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var calls = arguments.Count >= 2 && arguments[0] == "--calls" ? int.Parse(arguments[1], CultureInfo.InvariantCulture) : 60;
        var port = FreePort();
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
        return 0;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
