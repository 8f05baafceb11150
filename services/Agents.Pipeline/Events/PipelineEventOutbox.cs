using System.Threading.Channels;
using Agents.Pipeline.Storage;
using Npgsql;

namespace Agents.Pipeline.Events;

/// <summary>
/// The stored events a host still has to send to another service (the orchestrator's events for the gateway): rows of
/// <c>pipeline.events</c> whose <c>relayed_at</c> is null, taken in <c>seq</c> order. Because the outbox is the event
/// table itself, an event stored by a process that then dies is sent by its successor; delivery is at least once.
/// </summary>
public sealed class PipelineEventOutbox
{
    // One sender at a time across every replica sharing the database, so a run's events leave in the order stored.
    // A transaction-scoped advisory lock rather than a session lock or a lease column: it is released by the commit or
    // by PostgreSQL when the holder's connection dies (SIGKILL included), so there is no lease to expire or renew.
    private const long RelayLock = 0x0A6E_7500_0000_0001;

    private readonly PipelineDatabase _database;
    private readonly Channel<bool> _stored = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    internal PipelineEventOutbox(PipelineDatabase database) => _database = database;

    internal PipelineDatabase Database => _database;

    /// <summary>
    /// Completes when this process stores an event for the outbox (after the last wait), or after <paramref name="timeout"/>:
    /// the relay sends right away what this process stores, and polls for what a predecessor or another replica left.
    /// </summary>
    public async Task WaitForStoredAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await _stored.Reader.WaitToReadAsync(cancellationToken).AsTask().WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The slow poll.
        }
        _stored.Reader.TryRead(out _);
    }

    /// <summary>An event was stored unrelayed (<see cref="PostgresPipelineEventStore"/>): wake the relay.</summary>
    internal void NotifyStored() => _stored.Writer.TryWrite(true);

    /// <summary>
    /// Sends up to <paramref name="batchSize"/> unrelayed events in order with <paramref name="send"/>, marking each
    /// relayed after it returns true and stopping at the first false. Another replica holding the relay lock makes this a no-op.
    /// </summary>
    public async Task<OutboxBatchResult> RelayBatchAsync(Func<OutboxEvent, CancellationToken, Task<bool>> send, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection, transaction))
        {
            tryLock.Parameters.AddWithValue(RelayLock);
            if (await tryLock.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return OutboxBatchResult.Busy;
            }
        }
        var pending = new List<OutboxEvent>(batchSize);
        await using (var select = new NpgsqlCommand("SELECT seq, id, body FROM pipeline.events WHERE relayed_at IS NULL ORDER BY seq LIMIT $1", connection, transaction))
        {
            select.Parameters.AddWithValue(batchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                pending.Add(new OutboxEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }
        }
        var result = pending.Count == batchSize ? OutboxBatchResult.More : OutboxBatchResult.Drained;
        foreach (var outgoing in pending)
        {
            if (!await send(outgoing, cancellationToken).ConfigureAwait(false))
            {
                result = OutboxBatchResult.SendFailed;
                break;
            }
            await using var mark = new NpgsqlCommand("UPDATE pipeline.events SET relayed_at = now() WHERE seq = $1", connection, transaction);
            mark.Parameters.AddWithValue(outgoing.Sequence);
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        // What was sent stays marked even when a later send failed; a crash before this commit only means a resend.
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
