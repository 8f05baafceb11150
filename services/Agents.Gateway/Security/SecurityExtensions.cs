using Agents.Gateway.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

internal static class SecurityExtensions
{
    /// <summary>
    /// API keys (hashed) as the <c>ApiKey</c> authentication scheme behind the default authorization policy, and the
    /// listen-address check, validated at start.
    /// </summary>
    public static void AddGatewaySecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>>(sp => new GatewayOptionsValidator(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(sp => new ApiKeyHashes(sp.GetRequiredService<IOptions<GatewayOptions>>().Value));
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
    }

    /// <summary>
    /// What every public API group of the gateway carries: the API key (when keys are configured), the general rate-limit
    /// budget unless an endpoint names its own, and the refusal of cross-origin state changes.
    /// </summary>
    public static TBuilder WithGatewayPolicies<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder
    {
        endpoints.RequireAuthorization();
        // On a group: an endpoint's own RequireRateLimiting comes after the group's in its metadata, so it wins.
        endpoints.RequireRateLimiting(Agents.Contracts.ApiRateLimits.General);
        endpoints.AddEndpointFilter(new SameOriginFilter());
        return endpoints.ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests);
    }

    /// <summary>
    /// The same-origin rule for endpoints that are plain request delegates (which endpoint filters do not reach): the
    /// endpoint's delegate is wrapped so a refused request never reaches it.
    /// </summary>
    public static TBuilder RequireSameOrigin<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder
    {
        endpoints.Add(endpoint =>
        {
            if (endpoint.RequestDelegate is { } inner)
            {
                endpoint.RequestDelegate = context => SameOriginFilter.Refusal(context.Request) is { } refusal ? refusal.ExecuteAsync(context) : inner(context);
            }
        });
        return endpoints;
    }
}
