using Agents.Contracts;
using Agents.Orchestrator.Events;
using Agents.Orchestrator.Infrastructure;
using Agents.Pipeline.Events;
using Microsoft.Extensions.Options;
using Agents.Dapr.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>All of the orchestrator's dependency injection, in one place.</summary>
internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults(AgentsJsonContext.Default);
        builder.Services.AddOpenApi();
        builder.Services.AddOptions<OrchestratorOptions>().BindConfiguration(OrchestratorOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OrchestratorOptions>, OrchestratorOptionsValidator>();
        // Required: several replicas share the journal, and a restarted process resumes what a dead one left.
        builder.AddAgentsDatabase(required: true);
        builder.AddAgentsLlm();
        // The sandbox service: through the Dapr sidecar when there is one, else by service discovery (services:sandbox).
        builder.AddAgentsSandboxClient();
        // The same Dapr workflow code either way; only the backend the SDK talks to differs.
        var dapr = OrchestratorOptions.UsesDapr(builder.Configuration);
        builder.AddAgentsPipeline(daprSidecar: dapr);
        if (dapr)
        {
            // daprd runs the workflows; artifacts and events go to the sidecar's state store and pub/sub.
            builder.Services.AddAgentsDaprPipelinePorts();
            return;
        }
        builder.AddEventsToGateway();
    }

    /// <summary>
    /// Every pipeline event is stored here as before and also sent on: with a sidecar, published to
    /// <c>pubsub</c>/<c>pipeline-events</c> (the gateway subscribes); without one, posted to the gateway's subscription
    /// route when the gateway can be found by service discovery (<c>services:gateway</c>). The stored rows are the
    /// outbox the relay sends from; storing one wakes the relay (<see cref="PipelineEventOutbox"/>).
    /// </summary>
    private static void AddEventsToGateway(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var sidecar = ServiceClients.HasDaprSidecar(configuration);
        if ((!sidecar && !ServiceClients.CanReach(configuration, ServiceNames.Gateway))
            || string.IsNullOrWhiteSpace(configuration.GetConnectionString(ServiceNames.AgentsDatabase)))
        {
            // Nowhere to send; without a database the host stops at start (validation names the setting).
            return;
        }
        builder.AddAgentsPipelineEventOutbox();
        var services = builder.Services;
        if (sidecar)
        {
            services.AddDaprClient();
            services.AddSingleton<IPipelineEventSender, DaprPipelineEventSender>();
        }
        else
        {
            // Short, so a hung gateway does not hold the relay's transaction (and its lock) for long.
            services.AddHttpClient(GatewayPipelineEventSender.ClientName, http => http.Timeout = TimeSpan.FromSeconds(10))
                .AddServiceInvocation(configuration, ServiceNames.Gateway);
            services.AddSingleton<IPipelineEventSender, GatewayPipelineEventSender>();
        }
        services.AddHostedService<PipelineEventRelay>();
    }
}
