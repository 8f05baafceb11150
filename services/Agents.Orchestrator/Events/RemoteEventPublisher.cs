using Agents.Contracts;
using Agents.Pipeline.Events;

namespace Agents.Orchestrator.Events;

/// <summary>
/// Stores each event as the embedded publisher does (this process's own stream and replay, and the outbox), then wakes
/// <see cref="PipelineEventRelay"/> to send it to the gateway. Publishing never fails the activity on the gateway's
/// account: the relay retries from the stored row.
/// </summary>
internal sealed class RemoteEventPublisher(IPipelineEventPublisher stored, PipelineEventRelay relay) : IPipelineEventPublisher
{
    public async Task PublishAsync(PipelineEvent pipelineEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipelineEvent);
        await stored.PublishAsync(pipelineEvent, cancellationToken);
        relay.Notify();
    }
}
