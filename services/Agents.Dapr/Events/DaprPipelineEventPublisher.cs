using System.Text.Json;
using Agents.Contracts;
using Agents.Pipeline.Events;
using Dapr.Client;

namespace Agents.Dapr.Events;

/// <summary>
/// The pipeline's <see cref="IPipelineEventPublisher"/> on Dapr pub/sub: component <c>pubsub</c>, topic
/// <c>pipeline-events</c>. Delivery is at least once (an activity re-run after a crash publishes again, and the
/// brokers redeliver), so subscribers drop duplicates by the event's id, as the event stores do.
/// </summary>
internal sealed class DaprPipelineEventPublisher(DaprClient dapr) : IPipelineEventPublisher
{
    public Task PublishAsync(PipelineEvent pipelineEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipelineEvent);
        // Serialized here with the contracts' source-generated context (discriminator "type", the contracts' naming),
        // so the wire shape is exactly what subscribers deserialize, whatever options DaprClient was built with.
        var payload = JsonSerializer.SerializeToElement(pipelineEvent, AgentsJsonContext.Default.PipelineEvent);
        return dapr.PublishEventAsync(ServiceNames.PubSub, ServiceNames.PipelineEventsTopic, payload, cancellationToken);
    }
}
