using System.Collections.Concurrent;
using System.Text.Json;
using Agents.Contracts;

namespace Agents.Pipeline.Events;

/// <summary>
/// The embedded publisher and feed: each event is stored first (so a client connecting later replays it) and then
/// wakes readers of that run in this process.
/// </summary>
internal sealed class EmbeddedPipelineEvents(IPipelineEventStore store, TimeProvider time) : IPipelineEventPublisher, IPipelineEventFeed
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    public async Task PublishAsync(PipelineEvent pipelineEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipelineEvent);
        var json = JsonSerializer.Serialize(pipelineEvent, AgentsJsonContext.Default.PipelineEvent);
        if (await store.AppendAsync(pipelineEvent.RunId, pipelineEvent.Id, json, cancellationToken).ConfigureAwait(false)
            && _signals.TryRemove(pipelineEvent.RunId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    public async Task<IReadOnlyList<StoredPipelineEvent>> ReadAsync(string runId, long afterSequence, CancellationToken cancellationToken)
    {
        var rows = await store.ReadAsync(runId, afterSequence, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new StoredPipelineEvent(r.Sequence, JsonSerializer.Deserialize(r.Json, AgentsJsonContext.Default.PipelineEvent)!))];
    }

    public Task WaitAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = _signals.GetOrAdd(runId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        // A timeout is not an error: the reader re-reads the store (events published by another process) and waits again.
        return signal.Task.WaitAsync(timeout, time, cancellationToken).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
