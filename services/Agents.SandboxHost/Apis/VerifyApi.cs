using Agents.Sandbox;

namespace Agents.SandboxHost.Apis;

internal static class VerifyApi
{
    /// <summary><c>POST /api/verify</c>: the same contract as the gateway's, for the distributed mode.</summary>
    public static RouteHandlerBuilder MapVerifyApi(this IEndpointRouteBuilder app) => app.MapVerifyEndpoint();
}
