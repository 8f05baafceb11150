using Agents.Contracts;
using Agents.Sandbox;

namespace Agents.Gateway.Apis;

internal static class VerifyApi
{
    /// <summary><c>POST /api/verify</c>: verify code without a pipeline (in-process sandbox in the embedded mode).</summary>
    public static RouteHandlerBuilder MapVerifyApi(this IEndpointRouteBuilder app) =>
        app.MapVerifyEndpoint().RequireRateLimiting(ApiRateLimits.ChatAndVerify);
}
