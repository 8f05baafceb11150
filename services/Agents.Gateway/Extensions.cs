using Agents.Contracts;
using Agents.Gateway.Apis;
using Agents.Gateway.Distributed;
using Agents.Gateway.Mcp;
using Agents.Pipeline.Apis;
using Agents.Pipeline.Grpc;
using Agents.Sandbox.Grpc;

namespace Microsoft.Extensions.Hosting;

/// <summary>All of the gateway's dependency injection and its public API, in one place.</summary>
internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults(AgentsJsonContext.Default);
        builder.Services.AddOpenApi();
        // Optional here: without a database, runs and events are kept in files.
        builder.AddAgentsDatabase(required: false);
        builder.AddAgentsLlm();
        builder.AddGatewayMode();
        if (GatewayModeOptions.IsDistributedIn(builder.Configuration))
        {
            // The orchestrator runs pipelines; this process keeps no journal, only the events it receives.
            builder.AddDistributedPipeline();
            builder.AddDistributedVerification();
            builder.AddDaprSubscriptionAuthentication();
        }
        else
        {
            builder.AddAgentsSandbox();
            builder.AddAgentsPipeline();
        }
        builder.AddGatewayMcp();
        builder.AddVerificationGrpcLimits();
        builder.AddGatewaySecurity();
        builder.AddGatewayRateLimits();
    }

    /// <summary>API keys, then rate limits: a request counts against the key it authenticated with, after a refusal costs nothing.</summary>
    public static IApplicationBuilder UseGatewaySecurity(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app.UseRateLimiter();
    }

    /// <summary>
    /// The public API, every group under the gateway's policies (API key, rate limits, same-origin state changes).
    /// <c>/api/workflow</c> is served here (embedded) or by the orchestrator (distributed), one contract.
    /// </summary>
    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        // One group without a prefix carries the policies; an endpoint's own rate-limit policy, added after, wins.
        var api = app.MapGroup("").WithGatewayPolicies();
        api.MapInfoApi();
        api.MapChatApi();
        api.MapProvidersApi();
        api.MapVerifyApi();
        api.MapGatewayMcp();
        if (GatewayModeOptions.IsDistributedIn(app.Configuration))
        {
            api.MapWorkflowForwardingApi();
            // daprd's routes: its own app token (Dapr's authentication), never an API key or a rate limit.
            app.MapDaprSubscriptionApi();
        }
        else
        {
            api.MapPipelineApi();
        }
        // gRPC under the same API keys; the rate-limit policies are the services' own metadata (attributes).
        app.MapPipelineGrpc().RequireAuthorization();
        app.MapGrpcService<VerificationGrpcService>().RequireAuthorization();
        app.MapOpenApi();
        return app;
    }
}
