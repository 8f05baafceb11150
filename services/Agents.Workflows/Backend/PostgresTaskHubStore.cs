using System.Globalization;
using System.Threading.Channels;
using Npgsql;

namespace Agents.Workflows.Backend;

/// <summary>
/// The backend's durable store in PostgreSQL, shared by any number of backend processes. Each process is an owner
/// with a lease (<c>taskhub_owners</c>: name, epoch, lease end by the database's clock); each instance has one owner
/// (<c>taskhub_instances</c>) and an append-only list of records (<c>taskhub_records</c>, the file store's format).
/// Every write transaction first takes a share lock on its owner row at its epoch: a takeover (which deletes the
/// row of an owner whose lease ran out) or a restart under the same name (which bumps the epoch) waits for the write
/// in flight and then fences the old process out, so an instance never has two writers. Changes to an instance
/// another process owns wait in <c>taskhub_messages</c> until its owner applies them.
/// One writer drains every record queued meanwhile into one transaction (group commit); a record is acknowledged
/// after its commit. The data source is the host's shared one, or the store's own when ownsDataSource.
/// </summary>
internal sealed class PostgresTaskHubStore : ISharedTaskHubStore
{
    // Serialises schema creation and takeovers between processes ("taskhub" in ASCII).
    private const long LockKey = 0x7461736b687562;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS taskhub_owners (owner text PRIMARY KEY, epoch bigint NOT NULL, lease_until timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS taskhub_instances (instance_id text PRIMARY KEY, owner text NOT NULL, created_ticks bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS taskhub_instances_owner ON taskhub_instances (owner);
        CREATE INDEX IF NOT EXISTS taskhub_instances_newest ON taskhub_instances (created_ticks DESC, instance_id DESC);
        CREATE TABLE IF NOT EXISTS taskhub_records (seq bigserial PRIMARY KEY, instance_id text NOT NULL, record bytea NOT NULL);
        CREATE INDEX IF NOT EXISTS taskhub_records_instance ON taskhub_records (instance_id, seq);
        CREATE TABLE IF NOT EXISTS taskhub_messages (seq bigserial PRIMARY KEY, instance_id text NOT NULL, message bytea NOT NULL);
        CREATE INDEX IF NOT EXISTS taskhub_messages_instance ON taskhub_messages (instance_id);
        """;

    private readonly NpgsqlDataSource _db;
    private readonly bool _ownsDataSource;
    private readonly TimeSpan _lease;
    private readonly Channel<(TaskHubRecord Record, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(TaskHubRecord, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writer;
    private long _epoch;
    private volatile TaskHubLeaseLostException? _lost;

    public PostgresTaskHubStore(NpgsqlDataSource dataSource, bool ownsDataSource, string owner, TimeSpan lease)
    {
        _db = dataSource;
        _ownsDataSource = ownsDataSource;
        Owner = owner;
        _lease = lease;
    }

    public string Owner { get; }

    /// <summary>
    /// Creates the tables, registers this owner (a restart under the same name bumps the epoch, fencing the previous
    /// process at once), takes over the instances of owners whose lease ran out, and reads every instance it owns.
    /// </summary>
    public Dictionary<string, StoredInstance> Load()
    {
        using var connection = _db.OpenConnection();
        using (var transaction = connection.BeginTransaction())
        {
            Execute(connection, transaction, "SELECT pg_advisory_xact_lock($1)", LockKey);
            Execute(connection, transaction, Schema);
            transaction.Commit();
        }
        using (var register = new NpgsqlCommand("""
            INSERT INTO taskhub_owners (owner, epoch, lease_until) VALUES ($1, 1, now() + $2)
            ON CONFLICT (owner) DO UPDATE SET epoch = taskhub_owners.epoch + 1, lease_until = EXCLUDED.lease_until
            RETURNING epoch
            """, connection))
        {
            register.Parameters.Add(new NpgsqlParameter { Value = Owner });
            register.Parameters.Add(new NpgsqlParameter { Value = _lease });
            _epoch = (long)register.ExecuteScalar()!;
        }
        TakeOver(connection);
        using var select = new NpgsqlCommand("""
            SELECT r.record FROM taskhub_records r JOIN taskhub_instances i USING (instance_id)
            WHERE i.owner = $1 ORDER BY r.seq
            """, connection);
        select.Parameters.Add(new NpgsqlParameter { Value = Owner });
        return ReadRecords(select);
    }

    /// <summary>Rewrites this owner's instances as one record each, fenced like any write, and opens for appends.</summary>
    public void Compact(IReadOnlyList<TaskHubRecord> records)
    {
        using var connection = _db.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Fence(connection, transaction);
        Execute(connection, transaction,
            "DELETE FROM taskhub_records WHERE instance_id IN (SELECT instance_id FROM taskhub_instances WHERE owner = $1)", Owner);
        foreach (var chunk in records.Chunk(1000))
        {
            using var batch = Batch(connection, transaction, chunk);
            batch.ExecuteNonQuery();
        }
        transaction.Commit();
        _writer = Task.Run(WriteLoopAsync);
    }

    public Task AppendAsync(TaskHubRecord record)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_lost is { } lost)
        {
            done.SetException(lost);
        }
        else if (!_queue.Writer.TryWrite((record, done)))
        {
            done.SetException(new ObjectDisposedException(nameof(PostgresTaskHubStore), "The workflow backend's store is closed."));
        }
        return done.Task;
    }

    public async Task<SharedStoreTick> TickAsync(bool renew, CancellationToken cancellationToken)
    {
        if (_lost is { } lost)
        {
            throw lost;
        }
        await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var adopted = new Dictionary<string, StoredInstance>(StringComparer.Ordinal);
        if (renew)
        {
            await using (var command = new NpgsqlCommand(
                "UPDATE taskhub_owners SET lease_until = now() + $3 WHERE owner = $1 AND epoch = $2", connection))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = Owner });
                command.Parameters.Add(new NpgsqlParameter { Value = _epoch });
                command.Parameters.Add(new NpgsqlParameter { Value = _lease });
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw _lost = new TaskHubLeaseLostException(Owner);
                }
            }
            var taken = TakeOver(connection);
            if (taken.Count > 0)
            {
                await using var select = new NpgsqlCommand("SELECT record FROM taskhub_records WHERE instance_id = ANY($1) ORDER BY seq", connection);
                select.Parameters.Add(new NpgsqlParameter { Value = taken.ToArray() });
                adopted = ReadRecords(select);
            }
        }
        var messages = new List<TaskHubMessage>();
        await using (var command = new NpgsqlCommand("""
            SELECT m.seq, m.instance_id, m.message FROM taskhub_messages m JOIN taskhub_instances i USING (instance_id)
            WHERE i.owner = $1 ORDER BY m.seq LIMIT 1000
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = Owner });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                messages.Add(TaskHubMessage.FromBytes(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
            }
        }
        return new SharedStoreTick(adopted, messages);
    }

    public async Task<string?> OwnerOfAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("SELECT owner FROM taskhub_instances WHERE instance_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task<string?> ClaimAsync(string instanceId, long createdTicks, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("""
            INSERT INTO taskhub_instances (instance_id, owner, created_ticks) VALUES ($1, $2, $3)
            ON CONFLICT (instance_id) DO UPDATE SET created_ticks = EXCLUDED.created_ticks WHERE taskhub_instances.owner = EXCLUDED.owner
            RETURNING owner
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        command.Parameters.Add(new NpgsqlParameter { Value = Owner });
        command.Parameters.Add(new NpgsqlParameter { Value = createdTicks });
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }
        return await OwnerOfAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? "(another process)";
    }

    public async Task<StoredInstance?> ReadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instances = new Dictionary<string, StoredInstance>(StringComparer.Ordinal);
        await using var command = _db.CreateCommand("""
            SELECT r.record FROM taskhub_records r JOIN taskhub_instances i USING (instance_id)
            WHERE r.instance_id = $1 ORDER BY r.seq
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            TaskHubRecords.Apply(reader.GetFieldValue<byte[]>(0), instances);
        }
        return instances.GetValueOrDefault(instanceId);
    }

    public async Task<(IReadOnlyList<string> Ids, string? Next)> ListAsync(string? token, int size, CancellationToken cancellationToken)
    {
        // Keyset paging on (created, id), newest first: the token is the last row's pair, "ticks:id".
        long? ticks = null;
        var after = "";
        if (!string.IsNullOrEmpty(token))
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !long.TryParse(token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw new FormatException("The continuation token is not one this backend returned.");
            }
            ticks = parsed;
            after = token[(colon + 1)..];
        }
        await using var command = _db.CreateCommand("""
            SELECT instance_id, created_ticks FROM taskhub_instances
            WHERE $1::bigint IS NULL OR (created_ticks, instance_id) < ($1, $2)
            ORDER BY created_ticks DESC, instance_id DESC LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)ticks ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = size + 1 });
        var rows = new List<(string Id, long Ticks)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }
        var next = rows.Count > size ? $"{rows[size - 1].Ticks.ToString(CultureInfo.InvariantCulture)}:{rows[size - 1].Id}" : null;
        return (rows.Take(size).Select(r => r.Id).ToList(), next);
    }

    public async Task SendAsync(string instanceId, TaskHubMessage message, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("INSERT INTO taskhub_messages (instance_id, message) VALUES ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        command.Parameters.Add(new NpgsqlParameter { Value = message.ToBytes() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AcknowledgeAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        if (sequences.Count == 0)
        {
            return;
        }
        await using var command = _db.CreateCommand("DELETE FROM taskhub_messages WHERE seq = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = sequences.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }
        if (_lost is null && _epoch > 0)
        {
            // A clean stop hands the instances over at once instead of after the lease: another process (or this
            // one's successor) takes them on its next tick.
            try
            {
                await using var command = _db.CreateCommand("DELETE FROM taskhub_owners WHERE owner = $1 AND epoch = $2");
                command.Parameters.Add(new NpgsqlParameter { Value = Owner });
                command.Parameters.Add(new NpgsqlParameter { Value = _epoch });
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or ObjectDisposedException or InvalidOperationException)
            {
                // The database (or the host's data source, disposed first) is gone: the lease runs out by itself.
            }
        }
        if (_ownsDataSource)
        {
            await _db.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves to this owner every instance whose owner has no row any more (its lease ran out and is deleted here,
    /// or it stopped cleanly); one process at a time, so two never take the same instance.
    /// </summary>
    private List<string> TakeOver(NpgsqlConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock($1)", LockKey);
        Execute(connection, transaction, "DELETE FROM taskhub_owners WHERE lease_until < now() AND owner <> $1", Owner);
        using var move = new NpgsqlCommand("""
            UPDATE taskhub_instances SET owner = $1
            WHERE owner NOT IN (SELECT owner FROM taskhub_owners) RETURNING instance_id
            """, connection, transaction);
        move.Parameters.Add(new NpgsqlParameter { Value = Owner });
        var taken = new List<string>();
        using (var reader = move.ExecuteReader())
        {
            while (reader.Read())
            {
                taken.Add(reader.GetString(0));
            }
        }
        if (taken.Count > 0)
        {
            // A claim with nothing written: its process died between claiming the id and the start becoming durable,
            // so the start never answered and never happened. The id is freed for whoever starts it again.
            using var orphans = new NpgsqlCommand("""
                DELETE FROM taskhub_instances i WHERE i.instance_id = ANY($1) AND i.owner = $2
                AND NOT EXISTS (SELECT 1 FROM taskhub_records r WHERE r.instance_id = i.instance_id) RETURNING instance_id
                """, connection, transaction);
            orphans.Parameters.Add(new NpgsqlParameter { Value = taken.ToArray() });
            orphans.Parameters.Add(new NpgsqlParameter { Value = Owner });
            var freed = new List<string>();
            using (var reader = orphans.ExecuteReader())
            {
                while (reader.Read())
                {
                    freed.Add(reader.GetString(0));
                }
            }
            if (freed.Count > 0)
            {
                using var messages = new NpgsqlCommand("DELETE FROM taskhub_messages WHERE instance_id = ANY($1)", connection, transaction);
                messages.Parameters.Add(new NpgsqlParameter { Value = freed.ToArray() });
                messages.ExecuteNonQuery();
                taken.RemoveAll(freed.Contains);
            }
        }
        transaction.Commit();
        return taken;
    }

    /// <summary>Holds this owner's row at its epoch for the transaction; none means the lease is gone.</summary>
    private void Fence(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using var command = new NpgsqlCommand("SELECT 1 FROM taskhub_owners WHERE owner = $1 AND epoch = $2 FOR SHARE", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = Owner });
        command.Parameters.Add(new NpgsqlParameter { Value = _epoch });
        if (command.ExecuteScalar() is null)
        {
            throw _lost = new TaskHubLeaseLostException(Owner);
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var batch = new List<(TaskHubRecord Record, TaskCompletionSource Done)>();
            while (batch.Count < 1000 && reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            try
            {
                await using var connection = await _db.OpenConnectionAsync().ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                Fence(connection, transaction);
                await using var insert = Batch(connection, transaction, batch.Select(b => b.Record));
                await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException or TaskHubLeaseLostException)
            {
                // Nothing of this batch is acknowledged: the callers' RPCs fail and the workers retry them.
                batch.ForEach(b => b.Done.TrySetException(ex));
                continue;
            }
            batch.ForEach(b => b.Done.TrySetResult());
        }
    }

    private NpgsqlBatch Batch(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<TaskHubRecord> records)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var record in records)
        {
            switch (record.Kind)
            {
                case TaskHubRecordKind.Delete:
                    Add(batch, "DELETE FROM taskhub_records WHERE instance_id = $1", record.InstanceId);
                    Add(batch, "DELETE FROM taskhub_messages WHERE instance_id = $1", record.InstanceId);
                    Add(batch, "DELETE FROM taskhub_instances WHERE instance_id = $1 AND owner = $2", record.InstanceId, Owner);
                    continue;
                case TaskHubRecordKind.Full:
                    Add(batch, """
                        INSERT INTO taskhub_instances (instance_id, owner, created_ticks) VALUES ($1, $2, $3)
                        ON CONFLICT (instance_id) DO UPDATE SET owner = EXCLUDED.owner, created_ticks = EXCLUDED.created_ticks
                        """, record.InstanceId, Owner, record.CreatedTicks);
                    break;
                default:
                    break;
            }
            Add(batch, "INSERT INTO taskhub_records (instance_id, record) VALUES ($1, $2)", record.InstanceId, record.Bytes);
        }
        return batch;
    }

    private static void Add(NpgsqlBatch batch, string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        batch.BatchCommands.Add(command);
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object[] values)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        command.ExecuteNonQuery();
    }

    private static Dictionary<string, StoredInstance> ReadRecords(NpgsqlCommand select)
    {
        var instances = new Dictionary<string, StoredInstance>(StringComparer.Ordinal);
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            TaskHubRecords.Apply(reader.GetFieldValue<byte[]>(0), instances);
        }
        return instances;
    }
}
