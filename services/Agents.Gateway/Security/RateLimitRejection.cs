using System.Globalization;
using System.Threading.RateLimiting;
using Agents.Contracts;
using Agents.Grpc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Agents.Gateway.Security;

/// <summary>
/// A refused request: 429 problem details naming the budget and its setting, <c>Retry-After</c> when the limiter
/// says (with a fixed window it reports the window's length, an upper bound), and one Information log line with the
/// client's key name or address, never key material.
/// </summary>
internal sealed partial class RateLimitRejection(IOptions<GatewayRateLimitOptions> options, ILogger<RateLimitRejection> log)
{
    // ASP.NET Core has no default problem type for 429; this is where the status code is defined.
    private const string TooManyRequestsType = "https://www.rfc-editor.org/rfc/rfc6585#section-4";

    public async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        // The endpoint's policy; a request without an endpoint (an unknown /api path) is under the general budget.
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? ApiRateLimits.General;
        var limit = options.Value.LimitOf(policy);
        var setting = GatewayRateLimitOptions.SettingOf(policy);
        var detail = string.Create(CultureInfo.InvariantCulture, $"This client has used its {limit} {Describe(policy)} per minute ({setting}).");
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            detail += string.Create(CultureInfo.InvariantCulture, $" Try again within {seconds} seconds.");
        }
        // The path without its query: the event stream's query may carry an access token.
        LogRejected(log, setting, limit, RateLimitClient.Describe(context), context.Request.Method, context.Request.Path.Value ?? "");
        if (GrpcResponses.IsGrpc(context.Request))
        {
            await GrpcResponses.WriteStatusAsync(context, global::Grpc.Core.StatusCode.ResourceExhausted, detail);
            return;
        }
        await TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.", type: TooManyRequestsType).ExecuteAsync(context);
    }

    private static string Describe(string policy) => policy switch
    {
        ApiRateLimits.RunStarts => "run starts",
        ApiRateLimits.ChatAndVerify => "chat and verify requests",
        ApiRateLimits.RunReads => "reads of runs and their events",
        _ => "API requests",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path} from {Client}: {Setting} ({Limit} per minute) reached.")]
    private static partial void LogRejected(ILogger logger, string setting, int limit, string client, string method, string path);
}
