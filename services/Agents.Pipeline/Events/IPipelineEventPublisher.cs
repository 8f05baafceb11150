using Agents.Contracts;

namespace Agents.Pipeline.Events;

/// <summary>
/// Where activities send progress. Embedded: stored durably and broadcast in-process; distributed: the Dapr pub/sub
/// topic <c>pipeline-events</c>. Publishing an event whose id was published before does nothing.
/// </summary>
public interface IPipelineEventPublisher
{
    Task PublishAsync(PipelineEvent pipelineEvent, CancellationToken cancellationToken);
}
