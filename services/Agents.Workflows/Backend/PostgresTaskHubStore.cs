using System.Threading.Channels;
using Npgsql;

namespace Agents.Workflows.Backend;

/// <summary>
/// The backend's durable store as an append-only table of records (the file store's format, one row each).
/// One writer drains every record queued meanwhile into one transaction (group commit); a record is
/// acknowledged after its commit. On start the rows are read in order, then replaced in one transaction by one
/// record per live instance. One backend process per database: it takes no leases, so it holds a session advisory
/// lock for its lifetime and refuses to start while another process holds it (the start-up rewrite would otherwise
/// destroy the other's log).
/// The data source is the host's shared one, or the backend's own when ownsDataSource (then disposed with the store).
/// </summary>
internal sealed class PostgresTaskHubStore(NpgsqlDataSource dataSource, bool ownsDataSource) : ITaskHubStore
{
    private const string Insert = "INSERT INTO taskhub_log (record) VALUES ($1)";

    // The lock's key: any fixed number, the same for every process on this database ("taskhub" in ASCII).
    private const long LockKey = 0x7461736b687562;

    private readonly NpgsqlDataSource _db = dataSource;
    private readonly Channel<(byte[] Record, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(byte[], TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writer;

    // Kept open (never returned to the pool) for as long as the store lives: the advisory lock is the session's.
    private NpgsqlConnection? _lockConnection;

    public Dictionary<string, StoredInstance> Load()
    {
        TakeSingleWriterLock();
        var instances = new Dictionary<string, StoredInstance>(StringComparer.Ordinal);
        using var connection = _db.OpenConnection();
        using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS taskhub_log (seq bigserial PRIMARY KEY, record bytea NOT NULL)", connection))
        {
            create.ExecuteNonQuery();
        }
        using var select = new NpgsqlCommand("SELECT record FROM taskhub_log ORDER BY seq", connection);
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            TaskHubRecords.Apply(reader.GetFieldValue<byte[]>(0), instances);
        }
        return instances;
    }

    public void Compact(IReadOnlyList<byte[]> records)
    {
        using var connection = _db.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var delete = new NpgsqlCommand("DELETE FROM taskhub_log", connection, transaction))
        {
            delete.ExecuteNonQuery();
        }
        foreach (var chunk in records.Chunk(1000))
        {
            using var batch = Batch(connection, transaction, chunk);
            batch.ExecuteNonQuery();
        }
        transaction.Commit();
        _writer = Task.Run(WriteLoopAsync);
    }

    public Task AppendAsync(byte[] record)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((record, done)))
        {
            done.SetException(new ObjectDisposedException(nameof(PostgresTaskHubStore), "The workflow backend's store is closed."));
        }
        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }
        if (_lockConnection is not null)
        {
            await _lockConnection.DisposeAsync().ConfigureAwait(false);
        }
        if (ownsDataSource)
        {
            await _db.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void TakeSingleWriterLock()
    {
        _lockConnection = _db.OpenConnection();
        using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", _lockConnection);
        command.Parameters.Add(new NpgsqlParameter { Value = LockKey });
        if (command.ExecuteScalar() is not true)
        {
            _lockConnection.Dispose();
            _lockConnection = null;
            throw new InvalidOperationException(
                $"Another process runs the workflow backend on database '{new NpgsqlConnectionStringBuilder(_db.ConnectionString).Database}' (it holds advisory lock {LockKey}); " +
                "until the backend shares a database by leases, give each process its own database or stop the other one.");
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var batch = new List<(byte[] Record, TaskCompletionSource Done)>();
            while (batch.Count < 1000 && reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            try
            {
                await using var connection = await _db.OpenConnectionAsync().ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                await using var insert = Batch(connection, transaction, batch.Select(b => b.Record));
                await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // Nothing of this batch is acknowledged: the callers' RPCs fail and the workers retry them.
                batch.ForEach(b => b.Done.TrySetException(ex));
                continue;
            }
            batch.ForEach(b => b.Done.TrySetResult());
        }
    }

    private static NpgsqlBatch Batch(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<byte[]> records)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var record in records)
        {
            var command = new NpgsqlBatchCommand(Insert);
            command.Parameters.Add(new NpgsqlParameter { Value = record });
            batch.BatchCommands.Add(command);
        }
        return batch;
    }
}
