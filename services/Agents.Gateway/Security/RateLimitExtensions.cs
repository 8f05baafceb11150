using System.Threading.RateLimiting;
using Agents.Contracts;
using Agents.Gateway.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

internal static class RateLimitExtensions
{
    /// <summary>The window of every budget: a client's minute starts at its first request in that budget.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly string[] s_policies = [ApiRateLimits.RunStarts, ApiRateLimits.ChatAndVerify, ApiRateLimits.RunReads, ApiRateLimits.General];

    /// <summary>
    /// Per-client budgets for the public API (<c>Gateway:RateLimits</c>, validated at start) as named policies that
    /// endpoints declare with <c>RequireRateLimiting</c>; each request counts in the one policy its endpoint names.
    /// Unknown <c>/api</c> paths have no endpoint, so the global limiter gives them a general-sized budget of their own:
    /// scanning the API is limited too.
    /// </summary>
    public static void AddGatewayRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayRateLimitOptions>().BindConfiguration(GatewayRateLimitOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayRateLimitOptions>, GatewayRateLimitOptionsValidator>();
        builder.Services.AddSingleton<RateLimitRejection>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayRateLimitOptions>, RateLimitRejection>((rateLimiter, limits, rejection) =>
        {
            foreach (var policy in s_policies)
            {
                var limit = limits.Value.LimitOf(policy);
                rateLimiter.AddPolicy(policy, context => Partition(limit, RateLimitClient.Of(context)));
            }
            var general = limits.Value.RequestsPerMinute;
            rateLimiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.GetEndpoint() is null && context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                    ? Partition(general, RateLimitClient.Of(context))
                    : RateLimitPartition.GetNoLimiter(""));
            rateLimiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rateLimiter.OnRejected = rejection.OnRejectedAsync;
        });
    }

    // Every request that reaches the limiter counts, including ones the API then refuses as invalid: validating costs
    // little, but a client that keeps sending bad starts should be slowed down like any other.
    private static RateLimitPartition<string> Partition(int limit, string client) =>
        limit == 0
            ? RateLimitPartition.GetNoLimiter(client)
            : RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = Window,
                // Refuse at once rather than hold requests (and their connections) in a queue.
                QueueLimit = 0,
            });
}
