using Agents.Contracts;
using Agents.Gateway.Distributed;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

internal static class DistributedExtensions
{
    /// <summary>The <c>Gateway:Mode</c> setting, validated at start.</summary>
    public static void AddGatewayMode(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayModeOptions>().BindConfiguration("Gateway").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayModeOptions>>(sp => new GatewayModeOptionsValidator(sp.GetRequiredService<IConfiguration>()));
    }

    /// <summary>
    /// The distributed mode: no pipeline runtime and no journal here. The workflow API is forwarded to the orchestrator
    /// (<see cref="OrchestratorClient"/>); the events it publishes arrive through Dapr's subscription contract and are
    /// kept in this gateway's own event history (PostgreSQL with <c>ConnectionStrings:agents</c>, else files), which the
    /// event stream serves with replay.
    /// </summary>
    public static void AddDistributedPipeline(this IHostApplicationBuilder builder)
    {
        // 30 s bounds a forwarded call; reads are retried within it, a run start or approval is sent once (ServiceDefaults).
        builder.Services.AddHttpClient<OrchestratorClient>(http => http.Timeout = TimeSpan.FromSeconds(30))
            .AddServiceInvocation(builder.Configuration, ServiceNames.Orchestrator);
        builder.AddAgentsPipelineEventFeed();
        builder.Services.AddSingleton<Agents.Pipeline.IPipelineRunStatus, OrchestratorRunStatus>();
        // What gRPC and MCP call: the same orchestrator API, read as contracts.
        builder.Services.AddScoped<Agents.Pipeline.Operations.IPipelineOperations, OrchestratorPipelineOperations>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(DaprJsonContext.Default));
    }

    /// <summary>
    /// <c>POST /api/verify</c> in the distributed mode: the sandbox service runs the code (its own trust boundary),
    /// reached through the sidecar or by service discovery (<c>services:sandbox</c>); with neither, the in-process
    /// sandbox as in the embedded mode.
    /// </summary>
    public static void AddDistributedVerification(this IHostApplicationBuilder builder)
    {
        if (!ServiceClients.CanReach(builder.Configuration, ServiceNames.Sandbox))
        {
            builder.AddAgentsSandbox();
            return;
        }
        builder.AddAgentsSandboxClient();
    }
}
