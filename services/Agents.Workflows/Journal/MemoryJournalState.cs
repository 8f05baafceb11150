namespace Agents.Workflows.Journal;

/// <summary>
/// The single-process journal state: instances with history and inbox, activity tasks, and the
/// readiness structures. Not thread-safe: the owning journal serializes access. Leases are not part
/// of the durable state: after a restart every unfinished task and unconsumed message is handed out again.
/// </summary>
internal sealed class MemoryJournalState
{
    private readonly Dictionary<string, Entry> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActivityTask> _activities = new(StringComparer.Ordinal);
    private readonly HashSet<string> _leasedActivities = new(StringComparer.Ordinal);
    private readonly Queue<string> _readyActivities = new();
    private readonly PriorityQueue<string, DateTimeOffset> _due = new();
    private long _nextMessageId = 1;

    public DateTimeOffset? NextDueTime => _due.TryPeek(out _, out var at) ? at : null;

    public object? Apply(JournalOperation operation, HashSet<string> changed)
    {
        switch (operation)
        {
            case CreateOperation create:
                Create(create.Instance, create.Start, changed);
                return null;
            case SendOperation send:
                return Route(send.Message, changed);
            case PurgeOperation purge:
                if (_instances.TryGetValue(purge.InstanceId, out var purged) && purged.Record.IsTerminal)
                {
                    _instances.Remove(purge.InstanceId);
                    changed.Add(purge.InstanceId);
                    return true;
                }
                return false;
            case CommitOperation commit:
                foreach (var turn in commit.Turns)
                {
                    ApplyTurn(turn, changed);
                }
                return null;
            case RestoreInstanceOperation restore:
                var restored = new Entry(restore.Instance);
                restored.History.AddRange(restore.History);
                restored.Inbox.AddRange(restore.Inbox);
                _instances[restore.Instance.InstanceId] = restored;
                _nextMessageId = Math.Max(_nextMessageId, restore.NextMessageId);
                return null;
            case RestoreActivityOperation activity:
                _activities[activity.Task.Key] = activity.Task;
                return null;
            case CompleteOperation complete:
                foreach (var outcome in complete.Outcomes)
                {
                    var key = outcome.Task.Key;
                    if (_activities.Remove(key))
                    {
                        _leasedActivities.Remove(key);
                        Route(outcome.Result, changed);
                    }
                }
                return null;
            default:
                throw new InvalidOperationException($"Unknown journal operation {operation.GetType().Name}.");
        }
    }

    /// <summary>The whole state as operations that rebuild it: what a compacted log holds.</summary>
    public IEnumerable<JournalOperation> Snapshot()
    {
        foreach (var entry in _instances.Values)
        {
            yield return new RestoreInstanceOperation(entry.Record, entry.Record.IsTerminal ? [] : [.. entry.History], [.. entry.Inbox], _nextMessageId);
        }
        foreach (var task in _activities.Values)
        {
            yield return new RestoreActivityOperation(task);
        }
    }

    public InstanceRecord? Get(string instanceId) => _instances.TryGetValue(instanceId, out var e) ? e.Record : null;

    public IReadOnlyList<HistoryEvent> History(string instanceId) => _instances.TryGetValue(instanceId, out var e) ? [.. e.History] : [];

    public IReadOnlyList<InstanceRecord> List(WorkflowRuntimeStatus? status, int offset, int count) =>
        [.. _instances.Values.Select(e => e.Record)
            .Where(r => status is null || r.Status == status)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.InstanceId, StringComparer.Ordinal)
            .Skip(offset).Take(count)];

    public IReadOnlyList<WorkflowWorkItem> LeaseWorkflows(int max, DateTimeOffset now)
    {
        var items = new List<WorkflowWorkItem>();
        while (items.Count < max && _due.TryPeek(out var id, out var at) && at <= now)
        {
            _due.Dequeue();
            if (!_instances.TryGetValue(id, out var entry))
            {
                continue;
            }
            if (entry.Leased)
            {
                // Picked up again when the running turn commits or is released (its inbox is re-queued there).
                continue;
            }
            var visible = entry.Inbox.Where(m => m.VisibleAt <= now).ToList();
            if (visible.Count == 0)
            {
                continue;
            }
            entry.Leased = true;
            items.Add(new WorkflowWorkItem(entry.Record, visible));
        }
        return items;
    }

    public void Release(string instanceId)
    {
        if (_instances.TryGetValue(instanceId, out var entry) && entry.Leased)
        {
            entry.Leased = false;
            RequeueInbox(instanceId, entry);
        }
    }

    public IReadOnlyList<ActivityTask> LeaseActivities(int max)
    {
        var tasks = new List<ActivityTask>();
        while (tasks.Count < max && _readyActivities.TryDequeue(out var key))
        {
            if (_activities.TryGetValue(key, out var task) && _leasedActivities.Add(key))
            {
                tasks.Add(task);
            }
        }
        return tasks;
    }

    /// <summary>After loading a log: every unfinished task is ready again, every inbox is re-queued.</summary>
    public void ResetLeases()
    {
        _leasedActivities.Clear();
        _readyActivities.Clear();
        foreach (var key in _activities.Keys)
        {
            _readyActivities.Enqueue(key);
        }
        _due.Clear();
        foreach (var (id, entry) in _instances)
        {
            entry.Leased = false;
            RequeueInbox(id, entry);
        }
    }

    private void Create(InstanceRecord record, WorkflowMessage start, HashSet<string> changed)
    {
        if (_instances.TryGetValue(record.InstanceId, out var existing) && !existing.Record.IsTerminal)
        {
            throw new InvalidOperationException($"A workflow instance with id '{record.InstanceId}' already exists and is {existing.Record.Status}.");
        }
        _instances[record.InstanceId] = new Entry(record);
        changed.Add(record.InstanceId);
        Route(start, changed);
    }

    private bool Route(WorkflowMessage message, HashSet<string> changed)
    {
        // A finished instance takes no more messages: they could never be consumed.
        if (!_instances.TryGetValue(message.InstanceId, out var entry) || entry.Record.IsTerminal)
        {
            return false;
        }
        var stored = message with { Id = _nextMessageId++ };
        entry.Inbox.Add(stored);
        if (!entry.Leased)
        {
            _due.Enqueue(message.InstanceId, stored.VisibleAt);
        }
        changed.Add(message.InstanceId);
        return true;
    }

    private void ApplyTurn(WorkflowTurn turn, HashSet<string> changed)
    {
        var id = turn.Instance.InstanceId;
        if (!_instances.TryGetValue(id, out var entry))
        {
            return;
        }
        var consumed = turn.ConsumedMessageIds.ToHashSet();
        entry.Inbox.RemoveAll(m => consumed.Contains(m.Id));
        if (turn.ResetHistory)
        {
            entry.History.Clear();
        }
        entry.History.AddRange(turn.NewHistory);
        entry.Record = turn.Instance with { HistoryCount = entry.History.Count };
        if (entry.Record.IsTerminal)
        {
            entry.Inbox.Clear();
        }
        changed.Add(id);
        foreach (var child in turn.NewInstances)
        {
            if (!_instances.TryGetValue(child.InstanceId, out var existing) || existing.Record.IsTerminal)
            {
                _instances[child.InstanceId] = new Entry(child);
                changed.Add(child.InstanceId);
            }
        }
        foreach (var message in turn.NewMessages)
        {
            Route(message, changed);
        }
        foreach (var task in turn.NewActivities)
        {
            var key = task.Key;
            if (_activities.TryAdd(key, task))
            {
                _readyActivities.Enqueue(key);
            }
        }
        entry.Leased = false;
        RequeueInbox(id, entry);
    }

    private void RequeueInbox(string id, Entry entry)
    {
        if (entry.Inbox.Count > 0)
        {
            _due.Enqueue(id, entry.Inbox.Min(m => m.VisibleAt));
        }
    }

    private sealed class Entry(InstanceRecord record)
    {
        public InstanceRecord Record { get; set; } = record;

        public List<HistoryEvent> History { get; } = [];

        public List<WorkflowMessage> Inbox { get; } = [];

        public bool Leased { get; set; }
    }
}
