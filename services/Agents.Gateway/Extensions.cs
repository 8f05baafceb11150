using Agents.Gateway.Apis;
using Agents.Gateway.Distributed;
using Agents.Pipeline.Apis;

namespace Microsoft.Extensions.Hosting;

/// <summary>All of the gateway's dependency injection, in one place.</summary>
internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        // Optional here: without a database, runs and events are kept in files.
        builder.AddAgentsDatabase(required: false);
        builder.AddAgentsLlm();
        builder.AddGatewayMode();
        if (GatewayModeOptions.IsDistributedIn(builder.Configuration))
        {
            // The orchestrator runs pipelines; this process keeps no journal, only the events it receives.
            builder.AddDistributedPipeline();
            builder.AddDistributedVerification();
        }
        else
        {
            builder.AddAgentsSandbox();
            builder.AddAgentsPipeline();
        }
        builder.AddGatewaySecurity();
        builder.AddGatewayRateLimits();
    }

    /// <summary><c>/api/workflow</c>: served here (embedded) or by the orchestrator (distributed), one contract.</summary>
    public static WebApplication MapWorkflowApi(this WebApplication app)
    {
        if (GatewayModeOptions.IsDistributedIn(app.Configuration))
        {
            app.MapWorkflowForwardingApi();
            app.MapDaprSubscriptionApi();
        }
        else
        {
            app.MapPipelineApi();
        }
        return app;
    }
}
