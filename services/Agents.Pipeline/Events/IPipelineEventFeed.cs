using Agents.Contracts;

namespace Agents.Pipeline.Events;

/// <summary>A run's events for readers (Server-Sent Events): history from the store, then a wake-up when more arrive.</summary>
public interface IPipelineEventFeed
{
    /// <summary>The run's events after <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<StoredPipelineEvent>> ReadAsync(string runId, long afterSequence, CancellationToken cancellationToken);

    /// <summary>Completes when an event for <paramref name="runId"/> is published, or after <paramref name="timeout"/>.</summary>
    Task WaitAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>An event with its position in the run's stream (the SSE id).</summary>
public sealed record StoredPipelineEvent(long Sequence, PipelineEvent Event);
