using Agents.Pipeline.Storage;
using Npgsql;

namespace Agents.Pipeline.Events;

/// <summary>
/// Events in <c>pipeline.events</c>; the unique id drops duplicates, the serial column orders a run's stream. With
/// <paramref name="outbox"/> (a host that relays its events, <see cref="PipelineEventOutbox"/>) a new row is left
/// unrelayed and the relay woken; otherwise the column's default marks it relayed, so hosts that only keep or receive
/// events never fill the outbox.
/// </summary>
internal sealed class PostgresPipelineEventStore(PipelineDatabase database, PipelineEventOutbox? outbox) : IPipelineEventStore
{
    private const string Insert = "INSERT INTO pipeline.events (id, run_id, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING";
    private const string InsertUnrelayed = "INSERT INTO pipeline.events (id, run_id, body, relayed_at) VALUES ($1, $2, $3, NULL) ON CONFLICT (id) DO NOTHING";

    public PipelineDatabase Database => database;

    public async Task<bool> AppendAsync(string runId, string id, string json, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(outbox is null ? Insert : InsertUnrelayed, connection);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(runId);
        command.Parameters.AddWithValue(json);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            return false;
        }
        outbox?.NotifyStored();
        return true;
    }

    public async Task<IReadOnlyList<(long Sequence, string Json)>> ReadAsync(string runId, long afterSequence, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT seq, body FROM pipeline.events WHERE run_id = $1 AND seq > $2 ORDER BY seq", connection);
        command.Parameters.AddWithValue(runId);
        command.Parameters.AddWithValue(afterSequence);
        var result = new List<(long, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        return result;
    }
}
