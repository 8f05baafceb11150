using Agents.Contracts;
using Agents.Orchestrator.Events;
using Agents.Orchestrator.Infrastructure;
using Agents.Pipeline.Events;
using Agents.Sandbox;
using Microsoft.Extensions.Options;
#if !AGENTS_OFFLINE
using Agents.Dapr.Hosting;
using Agents.Pipeline.Workflows;
#endif

namespace Microsoft.Extensions.Hosting;

/// <summary>All of the orchestrator's dependency injection, in one place.</summary>
internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOptions<OrchestratorOptions>().BindConfiguration(OrchestratorOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OrchestratorOptions>>(sp => new OrchestratorOptionsValidator(sp.GetRequiredService<IConfiguration>()));
        builder.AddAgentsLlm();
        builder.AddSandboxThroughSidecar();
        builder.AddAgentsPipeline();
#if !AGENTS_OFFLINE
        if (OrchestratorOptions.UsesDapr(builder.Configuration))
        {
            // Dapr Workflow runs the pipeline; artifacts and events go to the sidecar's state store and pub/sub.
            builder.Services.AddAgentsDaprWorkflows(r => r.RegisterAssembly(typeof(FullSdlcWorkflow).Assembly));
            builder.Services.AddAgentsDaprPipelinePorts();
            return;
        }
#endif
        builder.AddEventsToGateway();
    }

    /// <summary>
    /// The sandbox over HTTP: through the Dapr sidecar (<c>dapr-app-id: sandbox</c>) when there is one, else at
    /// <c>SandboxClient:BaseAddress</c>.
    /// </summary>
    private static void AddSandboxThroughSidecar(this IHostApplicationBuilder builder)
    {
        if (DaprSidecar.HttpPort(builder.Configuration) is { } port)
        {
            builder.Configuration[$"{SandboxClientOptions.SectionName}:{nameof(SandboxClientOptions.BaseAddress)}"] = DaprSidecar.Address(port).ToString();
            // AddAgentsSandboxClient registers a typed client, named after its service type.
            builder.Services.AddHttpClient(nameof(IVerificationService))
                .ConfigureHttpClient(http => http.DefaultRequestHeaders.Add(DaprSidecar.AppIdHeader, ServiceNames.Sandbox));
        }
        builder.AddAgentsSandboxClient();
    }

    /// <summary>
    /// Every pipeline event is stored here as before and also sent on: with a sidecar, published to
    /// <c>pubsub</c>/<c>pipeline-events</c> (the gateway subscribes); without one, posted to
    /// <c>Orchestrator:GatewayEventsUrl</c> when set.
    /// </summary>
    private static void AddEventsToGateway(this IHostApplicationBuilder builder)
    {
        var target = DaprSidecar.HttpPort(builder.Configuration) is { } port
            ? new Uri(DaprSidecar.Address(port), RemoteEventQueue.PublishPath)
            : OrchestratorOptions.GatewayEventsUrlIn(builder.Configuration);
        if (target is null)
        {
            return;
        }
        var services = builder.Services;
        services.AddHttpClient(RemoteEventQueue.ClientName);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RemoteEventQueue>(sp, target));
        services.AddHostedService(sp => sp.GetRequiredService<RemoteEventQueue>());
        var stored = services.Last(d => d.ServiceType == typeof(IPipelineEventPublisher));
        services.Remove(stored);
        services.AddSingleton<IPipelineEventPublisher>(sp => new RemoteEventPublisher(
            (IPipelineEventPublisher)(stored.ImplementationInstance ?? stored.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, stored.ImplementationType!)),
            sp.GetRequiredService<RemoteEventQueue>()));
    }
}
