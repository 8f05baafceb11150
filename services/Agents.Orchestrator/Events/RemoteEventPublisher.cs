using Agents.Contracts;
using Agents.Pipeline.Events;

namespace Agents.Orchestrator.Events;

/// <summary>
/// Stores each event as the embedded publisher does (this process's own stream and replay), then hands it to
/// <see cref="RemoteEventQueue"/> for the gateway (through Dapr pub/sub, or directly). Publishing never fails the activity: the queue retries.
/// </summary>
internal sealed class RemoteEventPublisher(IPipelineEventPublisher stored, RemoteEventQueue queue) : IPipelineEventPublisher
{
    public async Task PublishAsync(PipelineEvent pipelineEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipelineEvent);
        await stored.PublishAsync(pipelineEvent, cancellationToken);
        queue.Enqueue(pipelineEvent);
    }
}
