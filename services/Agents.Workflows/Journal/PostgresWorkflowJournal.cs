using System.Collections.Concurrent;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Agents.Workflows.Journal;

/// <summary>
/// A journal several processes share. Instances and activity tasks are leased with an owner id and an
/// expiry: a process that dies stops renewing, its leases expire, and another process takes the work over.
/// A turn is committed only while its instance lease is still held (fencing), and each batch of turns or
/// activity results is one transaction (group commit).
/// </summary>
internal sealed partial class PostgresWorkflowJournal : IWorkflowJournal
{
    private const string Terminal = "(1, 3, 5)"; // Completed, Failed, Terminated

    private readonly NpgsqlDataSource _db;
    private readonly bool _ownsDataSource;
    private readonly string _s;
    private readonly WorkflowRuntimeOptions _options;
    private readonly TimeProvider _time;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<string, byte> _leasedActivities = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private readonly PriorityQueue<byte, DateTimeOffset> _localDue = new();
    private Task? _renewal;

    /// <summary>
    /// Over <paramref name="dataSource"/>, disposed with the journal only when <paramref name="ownsDataSource"/> (a host's
    /// shared data source belongs to its container).
    /// </summary>
    public PostgresWorkflowJournal(NpgsqlDataSource dataSource, bool ownsDataSource, string schema, WorkflowRuntimeOptions options, TimeProvider time)
    {
        _db = dataSource;
        _ownsDataSource = ownsDataSource;
        _s = "\"" + schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        _options = options;
        _time = time;
    }

    /// <summary>The data source every statement goes through.</summary>
    internal NpgsqlDataSource DataSource => _db;

    public bool IsShared => true;

    public event Action<IReadOnlyCollection<string>>? Changed;

    /// <summary>
    /// The earliest future message this process wrote (its own timers): lets the engine wake exactly then
    /// instead of on the next poll. Messages other processes write are found by polling.
    /// </summary>
    public DateTimeOffset? NextDueTime
    {
        get
        {
            lock (_localDue)
            {
                return _localDue.TryPeek(out _, out var at) ? at : null;
            }
        }
    }

    private void NoteDue(IEnumerable<WorkflowMessage> messages)
    {
        var now = _time.GetUtcNow();
        lock (_localDue)
        {
            foreach (var m in messages.Where(m => m.VisibleAt > now))
            {
                _localDue.Enqueue(0, m.VisibleAt);
            }
        }
    }

    private void ForgetDue(DateTimeOffset now)
    {
        lock (_localDue)
        {
            while (_localDue.TryPeek(out _, out var at) && at <= now)
            {
                _localDue.Dequeue();
            }
        }
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Processes starting together would race on CREATE ... IF NOT EXISTS; one at a time.
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(hashtext('agents.workflows.schema')); {SchemaSql()}", connection, tx))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        _renewal = Task.Run(RenewLeasesAsync, CancellationToken.None);
    }

    private string SchemaSql() => $"""
        CREATE SCHEMA IF NOT EXISTS {_s};
        CREATE TABLE IF NOT EXISTS {_s}.instances (
            instance_id text PRIMARY KEY, record text NOT NULL, status int NOT NULL, created_at timestamptz NOT NULL,
            history_count int NOT NULL DEFAULT 0, lease_owner text, lease_expires timestamptz);
        CREATE INDEX IF NOT EXISTS instances_created ON {_s}.instances (created_at DESC, instance_id DESC);
        CREATE TABLE IF NOT EXISTS {_s}.history (instance_id text NOT NULL, seq int NOT NULL, event text NOT NULL, PRIMARY KEY (instance_id, seq));
        CREATE TABLE IF NOT EXISTS {_s}.messages (id bigserial PRIMARY KEY, instance_id text NOT NULL, visible_at timestamptz NOT NULL, message text NOT NULL);
        CREATE INDEX IF NOT EXISTS messages_visible ON {_s}.messages (visible_at);
        CREATE INDEX IF NOT EXISTS messages_instance ON {_s}.messages (instance_id);
        CREATE TABLE IF NOT EXISTS {_s}.activities (key text PRIMARY KEY, task text NOT NULL, created_at timestamptz NOT NULL, lease_owner text, lease_expires timestamptz);
        CREATE INDEX IF NOT EXISTS activities_created ON {_s}.activities (created_at);
        """;

    public async Task CreateInstanceAsync(InstanceRecord instance, WorkflowMessage start, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection, tx);
        await using (batch.ConfigureAwait(false))
        {
            // A finished instance with the same id is replaced (its history and inbox go with it).
            Add(batch, $"DELETE FROM {_s}.history WHERE instance_id = $1 AND EXISTS (SELECT 1 FROM {_s}.instances WHERE instance_id = $1 AND status IN {Terminal})", instance.InstanceId);
            Add(batch, $"DELETE FROM {_s}.messages WHERE instance_id = $1 AND EXISTS (SELECT 1 FROM {_s}.instances WHERE instance_id = $1 AND status IN {Terminal})", instance.InstanceId);
            Add(batch, $"""
                INSERT INTO {_s}.instances (instance_id, record, status, created_at, history_count) VALUES ($1, $2, $3, $4, 0)
                ON CONFLICT (instance_id) DO UPDATE SET record = EXCLUDED.record, status = EXCLUDED.status, created_at = EXCLUDED.created_at,
                    history_count = 0, lease_owner = NULL, lease_expires = NULL
                WHERE {_s}.instances.status IN {Terminal}
                """, instance.InstanceId, Json(instance), (int)instance.Status, instance.CreatedAt.ToUniversalTime());
            Add(batch, $"INSERT INTO {_s}.messages (instance_id, visible_at, message) VALUES ($1, $2, $3)", start.InstanceId, start.VisibleAt.ToUniversalTime(), Json(start));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (batch.BatchCommands[2].RecordsAffected == 0)
            {
                throw new InvalidOperationException($"A workflow instance with id '{instance.InstanceId}' already exists and has not finished.");
            }
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        NoteDue([start]);
        Changed?.Invoke([instance.InstanceId]);
    }

    public async Task<InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand($"SELECT record, history_count FROM {_s}.instances WHERE instance_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRecord(reader, 0) : null;
    }

    public async Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(WorkflowRuntimeStatus? status, int offset, int count, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(
            $"SELECT record, history_count FROM {_s}.instances WHERE ($1::int IS NULL OR status = $1) ORDER BY created_at DESC, instance_id DESC OFFSET $2 LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = status is null ? DBNull.Value : (int)status, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = offset });
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        var list = new List<InstanceRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadRecord(reader, 0));
        }
        return list;
    }

    public async Task<bool> SendAsync(WorkflowMessage message, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(
            $"INSERT INTO {_s}.messages (instance_id, visible_at, message) SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM {_s}.instances WHERE instance_id = $1 AND status NOT IN {Terminal})");
        AddParameters(command.Parameters, message.InstanceId, message.VisibleAt.ToUniversalTime(), Json(message));
        var sent = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        NoteDue([message]);
        Changed?.Invoke([message.InstanceId]);
        return sent;
    }

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand($"""
            WITH gone AS (DELETE FROM {_s}.instances WHERE instance_id = $1 AND status IN {Terminal} RETURNING instance_id),
                 h AS (DELETE FROM {_s}.history WHERE instance_id IN (SELECT instance_id FROM gone)),
                 m AS (DELETE FROM {_s}.messages WHERE instance_id IN (SELECT instance_id FROM gone))
            SELECT count(*) FROM gone
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        var purged = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 1;
        Changed?.Invoke([instanceId]);
        return purged;
    }

    public async Task<IReadOnlyList<HistoryEvent>> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand($"SELECT event FROM {_s}.history WHERE instance_id = $1 ORDER BY seq");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        var list = new List<HistoryEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(JsonSerializer.Deserialize<HistoryEvent>(reader.GetString(0), JournalJson.Options)!);
        }
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        if (_renewal is not null)
        {
            await _renewal.ConfigureAwait(false);
        }
        if (_ownsDataSource)
        {
            await _db.DisposeAsync().ConfigureAwait(false);
        }
        _closing.Dispose();
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JournalJson.Options);

    private static InstanceRecord ReadRecord(NpgsqlDataReader reader, int offset) =>
        JsonSerializer.Deserialize<InstanceRecord>(reader.GetString(offset), JournalJson.Options)! with { HistoryCount = reader.GetInt32(offset + 1) };

    private static void Add(NpgsqlBatch batch, string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddParameters(command.Parameters, values);
        batch.BatchCommands.Add(command);
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, params object[] values)
    {
        foreach (var value in values)
        {
            parameters.Add(new NpgsqlParameter { Value = value });
        }
    }
}
