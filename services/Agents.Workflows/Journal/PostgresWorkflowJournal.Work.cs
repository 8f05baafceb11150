using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Agents.Workflows.Journal;

internal sealed partial class PostgresWorkflowJournal
{
    public async Task<IReadOnlyList<WorkflowWorkItem>> LeaseWorkflowsAsync(int max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One round trip: pick instances with visible messages whose lease is free or expired, lease them,
        // and return them with their visible messages.
        await using var command = _db.CreateCommand($"""
            WITH candidates AS (
                SELECT DISTINCT instance_id FROM {_s}.messages WHERE visible_at <= $1 LIMIT $2 * 4),
            locked AS (
                SELECT i.instance_id FROM {_s}.instances i JOIN candidates c ON c.instance_id = i.instance_id
                WHERE i.lease_expires IS NULL OR i.lease_expires < $1
                LIMIT $2 FOR UPDATE OF i SKIP LOCKED),
            leased AS (
                UPDATE {_s}.instances i SET lease_owner = $3, lease_expires = $4 FROM locked
                WHERE i.instance_id = locked.instance_id RETURNING i.instance_id, i.record, i.history_count)
            SELECT l.record, l.history_count, m.message, m.id FROM leased l
            JOIN {_s}.messages m ON m.instance_id = l.instance_id AND m.visible_at <= $1
            ORDER BY l.instance_id, m.id
            """);
        AddParameters(command.Parameters, now.ToUniversalTime(), max, _owner, (now + _options.LeaseDuration).ToUniversalTime());
        ForgetDue(now);
        var items = new List<WorkflowWorkItem>();
        InstanceRecord? current = null;
        List<WorkflowMessage> messages = [];
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var record = ReadRecord(reader, 0);
                if (current is null || current.InstanceId != record.InstanceId)
                {
                    if (current is not null)
                    {
                        items.Add(new WorkflowWorkItem(current, messages));
                    }
                    current = record;
                    messages = [];
                }
                messages.Add(JsonSerializer.Deserialize<WorkflowMessage>(reader.GetString(2), JournalJson.Options)! with { Id = reader.GetInt64(3) });
            }
        }
        if (current is not null)
        {
            items.Add(new WorkflowWorkItem(current, messages));
        }
        return items;
    }

    public async Task CommitAsync(IReadOnlyList<WorkflowTurn> turns, CancellationToken cancellationToken)
    {
        if (turns.Count == 0)
        {
            return;
        }
        await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Fencing: only turns whose instance this process still leases are written.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var check = new NpgsqlCommand($"SELECT instance_id, history_count FROM {_s}.instances WHERE instance_id = ANY($1) AND lease_owner = $2 FOR UPDATE", connection, tx))
        {
            AddParameters(check.Parameters, turns.Select(t => t.Instance.InstanceId).ToArray(), _owner);
            await using var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }
        }
        var owned = turns.Where(t => counts.ContainsKey(t.Instance.InstanceId)).ToList();
        if (owned.Count == 0)
        {
            return;
        }

        var hId = new List<string>();
        var hSeq = new List<int>();
        var hEvent = new List<string>();
        var iId = new List<string>();
        var iRecord = new List<string>();
        var iStatus = new List<int>();
        var iCount = new List<int>();
        foreach (var turn in owned)
        {
            var id = turn.Instance.InstanceId;
            var start = turn.ResetHistory ? 0 : counts[id];
            for (var n = 0; n < turn.NewHistory.Count; n++)
            {
                hId.Add(id);
                hSeq.Add(start + n);
                hEvent.Add(Json(turn.NewHistory[n]));
            }
            var count = start + turn.NewHistory.Count;
            iId.Add(id);
            iRecord.Add(Json(turn.Instance with { HistoryCount = count }));
            iStatus.Add((int)turn.Instance.Status);
            iCount.Add(count);
        }
        var children = owned.SelectMany(t => t.NewInstances).ToList();
        var messages = owned.SelectMany(t => t.NewMessages).ToList();
        var activities = owned.SelectMany(t => t.NewActivities).ToList();
        var now = _time.GetUtcNow().ToUniversalTime();

        var batch = new NpgsqlBatch(connection, tx);
        await using (batch.ConfigureAwait(false))
        {
            Add(batch, $"DELETE FROM {_s}.history WHERE instance_id = ANY($1)", (object)owned.Where(t => t.ResetHistory).Select(t => t.Instance.InstanceId).ToArray());
            Add(batch, $"INSERT INTO {_s}.history (instance_id, seq, event) SELECT * FROM unnest($1::text[], $2::int[], $3::text[])", hId.ToArray(), hSeq.ToArray(), hEvent.ToArray());
            Add(batch, $"DELETE FROM {_s}.messages WHERE id = ANY($1)", (object)owned.SelectMany(t => t.ConsumedMessageIds).ToArray());
            Add(batch, $"""
                UPDATE {_s}.instances i SET record = u.record, status = u.status, history_count = u.count, lease_owner = NULL, lease_expires = NULL
                FROM unnest($1::text[], $2::text[], $3::int[], $4::int[]) AS u(id, record, status, count) WHERE i.instance_id = u.id
                """, iId.ToArray(), iRecord.ToArray(), iStatus.ToArray(), iCount.ToArray());
            Add(batch, $"DELETE FROM {_s}.messages WHERE instance_id = ANY($1)", (object)owned.Where(t => t.Instance.IsTerminal).Select(t => t.Instance.InstanceId).ToArray());
            // A child id reused after that child finished: its old history goes, as in CreateInstanceAsync.
            Add(batch, $"DELETE FROM {_s}.history h USING {_s}.instances i WHERE h.instance_id = ANY($1) AND i.instance_id = h.instance_id AND i.status IN {Terminal}",
                (object)children.Select(c => c.InstanceId).ToArray());
            Add(batch, $"""
                INSERT INTO {_s}.instances (instance_id, record, status, created_at, history_count)
                SELECT * , 0 FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[])
                ON CONFLICT (instance_id) DO UPDATE SET record = EXCLUDED.record, status = EXCLUDED.status, created_at = EXCLUDED.created_at,
                    history_count = 0, lease_owner = NULL, lease_expires = NULL
                WHERE {_s}.instances.status IN {Terminal}
                """, children.Select(c => c.InstanceId).ToArray(), children.Select(c => Json(c)).ToArray(), children.Select(c => (int)c.Status).ToArray(), children.Select(c => c.CreatedAt.ToUniversalTime()).ToArray());
            Add(batch, $"""
                INSERT INTO {_s}.messages (instance_id, visible_at, message)
                SELECT u.id, u.visible_at, u.message FROM unnest($1::text[], $2::timestamptz[], $3::text[]) WITH ORDINALITY AS u(id, visible_at, message, n)
                JOIN {_s}.instances x ON x.instance_id = u.id AND x.status NOT IN {Terminal} ORDER BY u.n
                """, messages.Select(m => m.InstanceId).ToArray(), messages.Select(m => m.VisibleAt.ToUniversalTime()).ToArray(), messages.Select(m => Json(m)).ToArray());
            Add(batch, $"INSERT INTO {_s}.activities (key, task, created_at) SELECT u.key, u.task, $3 FROM unnest($1::text[], $2::text[]) AS u(key, task) ON CONFLICT DO NOTHING",
                activities.Select(a => a.Key).ToArray(), activities.Select(a => Json(a)).ToArray(), now);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        NoteDue(messages);
        Changed?.Invoke([.. iId, .. messages.Select(m => m.InstanceId)]);
    }

    public async Task ReleaseAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand($"UPDATE {_s}.instances SET lease_owner = NULL, lease_expires = NULL WHERE instance_id = ANY($1) AND lease_owner = $2");
        AddParameters(command.Parameters, instanceIds.ToArray(), _owner);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ActivityTask>> LeaseActivitiesAsync(int max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand($"""
            UPDATE {_s}.activities a SET lease_owner = $2, lease_expires = $3
            FROM (SELECT key FROM {_s}.activities WHERE lease_expires IS NULL OR lease_expires < $1 ORDER BY created_at LIMIT $4 FOR UPDATE SKIP LOCKED) s
            WHERE a.key = s.key RETURNING a.task
            """);
        AddParameters(command.Parameters, now.ToUniversalTime(), _owner, (now + _options.LeaseDuration).ToUniversalTime(), max);
        var tasks = new List<ActivityTask>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var task = JsonSerializer.Deserialize<ActivityTask>(reader.GetString(0), JournalJson.Options)!;
            _leasedActivities[task.Key] = 0;
            tasks.Add(task);
        }
        return tasks;
    }

    public async Task CompleteActivitiesAsync(IReadOnlyList<ActivityOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return;
        }
        // Removing the task and delivering its result is one statement: a result is never delivered twice,
        // and one that lost its lease to another process is dropped (that process delivers its own).
        await using var command = _db.CreateCommand($"""
            WITH done AS (DELETE FROM {_s}.activities WHERE key = ANY($1) AND lease_owner = $5 RETURNING key)
            INSERT INTO {_s}.messages (instance_id, visible_at, message)
            SELECT u.id, u.visible_at, u.message FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS u(key, id, visible_at, message)
            JOIN done ON done.key = u.key JOIN {_s}.instances x ON x.instance_id = u.id AND x.status NOT IN {Terminal}
            """);
        AddParameters(command.Parameters,
            outcomes.Select(o => o.Task.Key).ToArray(), outcomes.Select(o => o.Result.InstanceId).ToArray(),
            outcomes.Select(o => o.Result.VisibleAt.ToUniversalTime()).ToArray(), outcomes.Select(o => Json(o.Result)).ToArray(), _owner);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        foreach (var outcome in outcomes)
        {
            _leasedActivities.TryRemove(outcome.Task.Key, out _);
        }
        Changed?.Invoke([.. outcomes.Select(o => o.Result.InstanceId)]);
    }

    /// <summary>Keeps this process's running activities leased, so a long activity is not taken over while alive.</summary>
    private async Task RenewLeasesAsync()
    {
        var period = _options.LeaseDuration / 3;
        while (!_closing.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _time, _closing.Token).ConfigureAwait(false);
                var keys = _leasedActivities.Keys.ToArray();
                if (keys.Length == 0)
                {
                    continue;
                }
                await using var command = _db.CreateCommand($"UPDATE {_s}.activities SET lease_expires = $1 WHERE key = ANY($2) AND lease_owner = $3");
                AddParameters(command.Parameters, (_time.GetUtcNow() + _options.LeaseDuration).ToUniversalTime(), keys, _owner);
                await command.ExecuteNonQueryAsync(_closing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (NpgsqlException)
            {
                // The next period tries again; a lease lost meanwhile only means the activity may run twice.
            }
        }
    }
}
