using Agents.Gateway.Security;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

internal static class SecurityExtensions
{
    /// <summary>API keys (hashed) and the listen-address check, validated at start.</summary>
    public static void AddGatewaySecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>>(sp => new GatewayOptionsValidator(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(sp => new ApiKeyHashes(sp.GetRequiredService<IOptions<GatewayOptions>>().Value));
    }

    public static IApplicationBuilder UseGatewaySecurity(this IApplicationBuilder app) => app.UseMiddleware<ApiKeyMiddleware>();
}
