using System.Reflection;
using Agents.Contracts;
using Agents.Gateway.Distributed;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agents.Gateway.Apis;

internal static class InfoApi
{
    private static readonly string s_version =
        typeof(InfoApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static RouteHandlerBuilder MapInfoApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/info", GetInfo).WithName("GetServiceInfo").WithTags("Service");

    public static Ok<ServiceInfo> GetInfo(IConfiguration configuration) => TypedResults.Ok(new ServiceInfo(
        ServiceNames.Gateway, s_version, GatewayModeOptions.IsDistributedIn(configuration) ? GatewayModeOptions.Distributed : GatewayModeOptions.Embedded));
}
