using System.Text.Json;
using Agents.Contracts;

namespace Agents.Pipeline.Events;

/// <summary>
/// The embedded publisher and feed: each event is stored first (so a client connecting later replays it) and then
/// wakes readers of that run in this process.
/// </summary>
internal sealed class EmbeddedPipelineEvents(IPipelineEventStore store, TimeProvider time) : IPipelineEventPublisher, IPipelineEventFeed
{
    // A run's wake-up signal lives only while someone waits on it: the last waiter to leave (timeout, cancellation)
    // removes it, and a publish removes it as it fires, so finished runs leave nothing behind.
    private readonly Dictionary<string, RunSignal> _signals = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Runs with a wake-up signal right now (for tests).</summary>
    internal int SignalledRuns
    {
        get
        {
            lock (_lock)
            {
                return _signals.Count;
            }
        }
    }

    public async Task PublishAsync(PipelineEvent pipelineEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipelineEvent);
        var json = JsonSerializer.Serialize(pipelineEvent, AgentsJsonContext.Default.PipelineEvent);
        if (!await store.AppendAsync(pipelineEvent.RunId, pipelineEvent.Id, json, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        RunSignal? signal;
        lock (_lock)
        {
            _signals.Remove(pipelineEvent.RunId, out signal);
        }
        signal?.Fired.TrySetResult();
    }

    public async Task<IReadOnlyList<StoredPipelineEvent>> ReadAsync(string runId, long afterSequence, CancellationToken cancellationToken)
    {
        var rows = await store.ReadAsync(runId, afterSequence, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new StoredPipelineEvent(r.Sequence, JsonSerializer.Deserialize(r.Json, AgentsJsonContext.Default.PipelineEvent)!))];
    }

    public Task WaitAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Registered before returning, so an event published between this call and the caller's read still wakes it.
        RunSignal signal;
        lock (_lock)
        {
            if (!_signals.TryGetValue(runId, out signal!))
            {
                signal = new RunSignal();
                _signals.Add(runId, signal);
            }
            signal.Waiters++;
        }
        return WaitForAsync(runId, signal, timeout, cancellationToken);
    }

    private async Task WaitForAsync(string runId, RunSignal signal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await signal.Fired.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // A timeout is not an error: the reader re-reads the store (events published by another process) and waits again.
        }
        finally
        {
            lock (_lock)
            {
                if (--signal.Waiters == 0 && _signals.TryGetValue(runId, out var current) && current == signal)
                {
                    _signals.Remove(runId);
                }
            }
        }
    }

    private sealed class RunSignal
    {
        public TaskCompletionSource Fired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Waiters { get; set; }
    }
}
