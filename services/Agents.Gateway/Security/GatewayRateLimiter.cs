using System.Threading.RateLimiting;

namespace Agents.Gateway.Security;

/// <summary>
/// One fixed one-minute window per client and budget (<see cref="RateLimitBuckets"/>, <see cref="RateLimitClient"/>).
/// A window starts at the client's first request in that budget. Every request that reaches the limiter counts,
/// including ones the API then refuses as invalid: validating costs little, but a client that keeps sending bad starts
/// should be slowed down like any other.
/// </summary>
internal static class GatewayRateLimiter
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static PartitionedRateLimiter<HttpContext> Create(GatewayRateLimitOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, (RateLimitBucket Bucket, string Client)>(context =>
        {
            var bucket = RateLimitBuckets.Of(context);
            var limit = options.LimitOf(bucket);
            if (limit == 0)
            {
                return RateLimitPartition.GetNoLimiter((bucket, ""));
            }
            return RateLimitPartition.GetFixedWindowLimiter((bucket, RateLimitClient.Of(context)), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = Window,
                // Refuse at once rather than hold requests (and their connections) in a queue.
                QueueLimit = 0,
            });
        });
}
