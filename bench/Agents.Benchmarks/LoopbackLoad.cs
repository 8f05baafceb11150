using System.Diagnostics;
using System.Net;

namespace Agents.Benchmarks;

/// <summary>
/// An HTTP load generator over real loopback connections: a closed loop (as many requests as a number of connections
/// can carry) and an open loop at a fixed rate, whose requests are sent on schedule whether or not earlier ones have
/// answered, so a slow server cannot slow the generator down and hide its own latency.
/// </summary>
internal sealed class LoopbackLoad : IDisposable
{
    private readonly HttpClient _http;

    public LoopbackLoad(int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>Requests per second completed by <paramref name="connections"/> loops, each sending as soon as it has its answer.</summary>
    public async Task<double> ClosedLoopAsync(Uri url, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var completed = 0L;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                await GetAsync(url, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref completed);
            }
        })).ConfigureAwait(false);
        return completed / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>
    /// Sends <paramref name="rate"/> requests per second for <paramref name="duration"/> and returns each one's latency
    /// in milliseconds, from the moment it was due to its complete answer, and from the moment it was sent.
    /// </summary>
    public async Task<OpenLoopResult> OpenLoopAsync(Uri url, int rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var fromSend = new double[total];
        var inFlight = new List<Task>(total);
        var started = Stopwatch.GetTimestamp();
        var ticksPerRequest = (double)Stopwatch.Frequency / rate;
        var sent = 0;
        while (sent < total)
        {
            var due = Math.Min(total, (int)((Stopwatch.GetTimestamp() - started) / ticksPerRequest) + 1);
            for (; sent < due; sent++)
            {
                inFlight.Add(TimeOneAsync(url, started + (long)(sent * ticksPerRequest), latencies, fromSend, sent, cancellationToken));
            }
            // A timer wakes the sender about every millisecond. Latency from the due time includes that lateness and any
            // pause of this process (the server shares it, GC included), as a client would see it; from the send, neither.
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }
        await Task.WhenAll(inFlight).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new OpenLoopResult(latencies, fromSend, total / elapsed);
    }

    public void Dispose() => _http.Dispose();

    private async Task TimeOneAsync(Uri url, long dueTimestamp, double[] fromDue, double[] fromSend, int index, CancellationToken cancellationToken)
    {
        var sentAt = Stopwatch.GetTimestamp();
        await GetAsync(url, cancellationToken).ConfigureAwait(false);
        var done = Stopwatch.GetTimestamp();
        fromDue[index] = Stopwatch.GetElapsedTime(dueTimestamp, done).TotalMilliseconds;
        fromSend[index] = Stopwatch.GetElapsedTime(sentAt, done).TotalMilliseconds;
    }

    private async Task GetAsync(Uri url, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }
}

/// <summary>Latencies (ms) of an open-loop run, from each request's due time and from its send, and the rate achieved.</summary>
internal sealed record OpenLoopResult(double[] FromDueMs, double[] FromSendMs, double AchievedRate)
{
    public static OpenLoopResult Combine(IReadOnlyList<OpenLoopResult> parts) =>
        new([.. parts.SelectMany(p => p.FromDueMs)], [.. parts.SelectMany(p => p.FromSendMs)], parts.Average(p => p.AchievedRate));

    public static double Percentile(double[] latencies, double p)
    {
        var sorted = latencies.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
