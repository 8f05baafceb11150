using System.Globalization;
using System.Runtime.CompilerServices;

namespace Agents.Pipeline.Events;

/// <summary>
/// A run's events as every stream serves them (SSE, gRPC): the stored ones after a sequence, then new ones as they
/// arrive, ending after the final event, or after a run that ended without one.
/// </summary>
public static class PipelineEventStream
{
    // Readers also wake on this period to pick up events written by another process and to notice a run that ended.
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(2);

    /// <summary>The sequence a client says it has read (SSE's <c>Last-Event-ID</c>); anything else starts at the beginning.</summary>
    public static long After(string? lastEventId) =>
        long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0;

    public static async IAsyncEnumerable<StoredPipelineEvent> ReadAsync(
        string id, long after, IPipelineRunStatus runs, IPipelineEventFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(feed);
        var finishedChecks = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Subscribe before reading, so an event published between the read and the wait still wakes us.
            var wake = feed.WaitAsync(id, s_poll, cancellationToken);
            var events = await feed.ReadAsync(id, after, cancellationToken).ConfigureAwait(false);
            foreach (var stored in events)
            {
                after = stored.Sequence;
                yield return stored;
                if (stored.Event.IsFinal)
                {
                    yield break;
                }
            }
            if (events.Count == 0 && await runs.IsFinishedAsync(id, cancellationToken).ConfigureAwait(false) && ++finishedChecks > 1)
            {
                // Ended without a final event (e.g. the runtime failed it): one more read above, then stop.
                yield break;
            }
            if (events.Count == 0)
            {
                await wake.ConfigureAwait(false);
            }
        }
    }
}
