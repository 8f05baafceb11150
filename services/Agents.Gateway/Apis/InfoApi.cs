using System.Reflection;
using Agents.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agents.Gateway.Apis;

internal static class InfoApi
{
    private static readonly string s_version =
        typeof(InfoApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static IEndpointRouteBuilder MapInfoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/info", GetInfo);
        return app;
    }

    public static Ok<ServiceInfo> GetInfo() => TypedResults.Ok(new ServiceInfo(ServiceNames.Gateway, s_version, "embedded"));
}
