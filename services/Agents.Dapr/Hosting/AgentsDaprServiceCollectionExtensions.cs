using Agents.Contracts;
using Agents.Dapr.Events;
using Agents.Dapr.State;
using Agents.Pipeline.Events;
using Agents.Pipeline.Storage;
using Dapr.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agents.Dapr.Hosting;

/// <summary>Registers the pipeline's ports on Dapr state and pub/sub.</summary>
public static class AgentsDaprServiceCollectionExtensions
{
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
