using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The standard resilience handler as our services need it. Only safe calls (GET, HEAD, OPTIONS, TRACE) are retried
/// and cut off by the handler's timeouts. An unsafe call — starting a run, approving one, a verification that may
/// build and test for ten minutes — is sent exactly once and bounded by its client's own
/// <see cref="HttpClient.Timeout"/>: sending it again would start a second run or a second sandbox, and an attempt
/// timeout would cut a healthy long call short.
/// </summary>
internal static class HttpResilienceDefaults
{
    // Service-to-service calls on one network: a transient failure (a restarting replica) clears in about a second,
    // and a reader waiting on a status read should not wait the template's 2 s, 4 s, 8 s.
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromMilliseconds(250);

    public static void Configure(HttpStandardResilienceOptions options)
    {
        options.Retry.DisableForUnsafeHttpMethods();
        options.Retry.Delay = s_retryDelay;
        var attempt = options.AttemptTimeout.Timeout;
        var total = options.TotalRequestTimeout.Timeout;
        // Timeout.InfiniteTimeSpan from a generator means "no timeout" for that call.
        options.AttemptTimeout.TimeoutGenerator = args => ValueTask.FromResult(IsSafe(args.Context) ? attempt : Timeout.InfiniteTimeSpan);
        options.TotalRequestTimeout.TimeoutGenerator = args => ValueTask.FromResult(IsSafe(args.Context) ? total : Timeout.InfiniteTimeSpan);
    }

    private static bool IsSafe(ResilienceContext context) =>
        context.GetRequestMessage()?.Method is { } method &&
        (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace);
}
