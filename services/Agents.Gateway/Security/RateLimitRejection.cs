using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Agents.Gateway.Security;

/// <summary>
/// A refused request: 429 problem details naming the budget and its setting, <c>Retry-After</c> when the limiter
/// says (with a fixed window it reports the window's length, an upper bound), and one Information log line with the
/// client's key name or address, never key material.
/// </summary>
internal sealed partial class RateLimitRejection(GatewayRateLimitOptions options, ILogger<RateLimitRejection> log)
{
    // ASP.NET Core has no default problem type for 429; this is where the status code is defined.
    private const string TooManyRequestsType = "https://www.rfc-editor.org/rfc/rfc6585#section-4";

    public async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var bucket = RateLimitBuckets.Of(context);
        var limit = options.LimitOf(bucket);
        var setting = GatewayRateLimitOptions.SettingOf(bucket);
        var detail = string.Create(CultureInfo.InvariantCulture, $"This client has used its {limit} {Describe(bucket)} per minute ({setting}).");
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            detail += string.Create(CultureInfo.InvariantCulture, $" Try again within {seconds} seconds.");
        }
        // The path without its query: the event stream's query may carry an access token.
        LogRejected(log, setting, limit, RateLimitClient.Describe(context), context.Request.Method, context.Request.Path.Value ?? "");
        await TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.", type: TooManyRequestsType).ExecuteAsync(context);
    }

    private static string Describe(RateLimitBucket bucket) => bucket switch
    {
        RateLimitBucket.RunStarts => "run starts",
        RateLimitBucket.ChatAndVerify => "chat and verify requests",
        RateLimitBucket.RunReads => "reads of runs and their events",
        _ => "API requests",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path} from {Client}: {Setting} ({Limit} per minute) reached.")]
    private static partial void LogRejected(ILogger logger, string setting, int limit, string client, string method, string path);
}
