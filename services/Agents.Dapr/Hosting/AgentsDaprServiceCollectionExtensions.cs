using Agents.Contracts;
using Agents.Dapr.Client;
using Agents.Dapr.Events;
using Agents.Dapr.State;
using Agents.Pipeline.Events;
using Agents.Pipeline.Storage;
using Agents.Workflows;
using Dapr.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using DaprWf = Dapr.Workflow;

namespace Agents.Dapr.Hosting;

/// <summary>Registers our workflows on Dapr Workflow and the pipeline's ports on Dapr state and pub/sub.</summary>
public static class AgentsDaprServiceCollectionExtensions
{
    /// <summary>
    /// Registers the wrappers of the workflows and activities named in <paramref name="configure"/> with Dapr
    /// Workflow (which also hosts the worker that connects to the sidecar) and makes <see cref="IWorkflowClient"/>
    /// the Dapr-backed adapter. Call it after anything that registers the embedded runtime's client: the last
    /// <see cref="IWorkflowClient"/> registration wins.
    /// </summary>
    public static IServiceCollection AddAgentsDaprWorkflows(this IServiceCollection services, Action<AgentsDaprWorkflowRegistration> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var registration = new AgentsDaprWorkflowRegistration();
        configure(registration);
        services.AddSingleton(registration);
        // Called through its class: importing Dapr.Workflow would clash with our same-named types.
        DaprWf.WorkflowServiceCollectionExtensions.AddDaprWorkflow(services, registration.ApplyTo);
        services.AddSingleton<IWorkflowClient>(sp =>
            new DaprWorkflowClientAdapter(sp.GetRequiredService<DaprWf.DaprWorkflowClient>(), registration.JsonSerializerOptions));
        return services;
    }

    /// <summary>
    /// The pipeline's ports on Dapr: <see cref="IArtifactStore"/> on the state store <c>statestore</c> and
    /// <see cref="IPipelineEventPublisher"/> on pub/sub <c>pubsub</c>, topic <c>pipeline-events</c>. Replaces the
    /// embedded ones, so call it after <c>AddAgentsPipeline</c>.
    /// </summary>
    public static IServiceCollection AddAgentsDaprPipelinePorts(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddDaprClient();
        services.TryAddSingleton(sp => new DaprStateStore(sp.GetRequiredService<DaprClient>(), ServiceNames.StateStore));
        services.Replace(ServiceDescriptor.Singleton<IArtifactStore, DaprArtifactStore>());
        services.Replace(ServiceDescriptor.Singleton<IPipelineEventPublisher, DaprPipelineEventPublisher>());
        return services;
    }
}
