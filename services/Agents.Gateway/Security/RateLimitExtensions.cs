using Agents.Gateway.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

internal static class RateLimitExtensions
{
    /// <summary>Per-client budgets for the public API (<c>Gateway:RateLimits</c>), validated at start.</summary>
    public static void AddGatewayRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayRateLimitOptions>().BindConfiguration(GatewayRateLimitOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayRateLimitOptions>, GatewayRateLimitOptionsValidator>();
        builder.Services.AddSingleton(sp => new RateLimitRejection(
            sp.GetRequiredService<IOptions<GatewayRateLimitOptions>>().Value, sp.GetRequiredService<ILogger<RateLimitRejection>>()));
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayRateLimitOptions>, RateLimitRejection>((rateLimiter, limits, rejection) =>
        {
            rateLimiter.GlobalLimiter = GatewayRateLimiter.Create(limits.Value);
            rateLimiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rateLimiter.OnRejected = rejection.OnRejectedAsync;
        });
    }

    /// <summary>
    /// After the API key check, so a request is counted against the key it authenticated with (and requests without a
    /// valid key are refused before they cost a budget); before the endpoints, so a refused request does no work.
    /// </summary>
    public static IApplicationBuilder UseGatewayRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();
}
