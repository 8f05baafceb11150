using Agents.Pipeline.Events;

namespace Agents.Orchestrator.Events;

/// <summary>Where <see cref="PipelineEventRelay"/> sends a stored event. A failure throws; the relay retries later.</summary>
internal interface IPipelineEventSender
{
    /// <summary>Names the destination in log lines.</summary>
    string Target { get; }

    Task SendAsync(OutboxEvent pending, CancellationToken cancellationToken);
}
