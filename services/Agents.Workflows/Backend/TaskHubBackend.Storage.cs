using Dapr.DurableTask.Protobuf;
using Microsoft.Extensions.Logging;

namespace Agents.Workflows.Backend;

internal sealed partial class TaskHubBackend
{
    /// <summary>
    /// Queues one record per instance changed by the operation just done (under the lock, so records are in
    /// commit order) and returns when they are on disk; the caller answers its RPC only then. In memory: at once.
    /// </summary>
    private Task Persist()
    {
        if (_store is null)
        {
            _dirty.Clear();
            return Task.CompletedTask;
        }
        var last = Task.CompletedTask;
        foreach (var id in _deleted)
        {
            last = _store.AppendAsync(new TaskHubRecord(id, 0, TaskHubRecordKind.Delete, TaskHubRecords.ForDelete(id)));
        }
        _deleted.Clear();
        foreach (var instance in _dirty)
        {
            if (!_instances.TryGetValue(instance.InstanceId, out var current) || !ReferenceEquals(current, instance))
            {
                continue;
            }
            var reset = instance.PersistedExecutionId != instance.ExecutionId || instance.History.Count < instance.PersistedHistoryCount;
            last = _store.AppendAsync(new TaskHubRecord(instance.InstanceId, instance.CreatedAt.UtcTicks,
                reset ? TaskHubRecordKind.Full : TaskHubRecordKind.Delta, TaskHubRecords.ForUpsert(instance, reset, instance.PersistedHistoryCount)));
            instance.PersistedExecutionId = instance.ExecutionId;
            instance.PersistedHistoryCount = instance.History.Count;
        }
        _dirty.Clear();
        // One writer appends in queue order and completes each record after its fsync: the last one covers all, so
        // the work this change created goes out when it completes (and never, if the write failed).
        if (_held.Count > 0)
        {
            var items = _held.ToArray();
            _held.Clear();
            last.ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        foreach (var item in items)
                        {
                            _workItems.Writer.TryWrite(item);
                        }
                    }
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return last;
    }

    /// <summary>For changes no caller waits on (a timer fired): a failed write is logged, not lost silently.</summary>
    private void Observe(Task durable) =>
        durable.ContinueWith(t => LogStoreFailed(_logger, t.Exception), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>
    /// Loads the log, rebuilds the instances, and queues again what was outstanding when the backend stopped:
    /// turns (their events are pending again), activities scheduled without a result, timers not yet fired.
    /// Then rewrites the log as one record per instance, so it does not grow across restarts.
    /// </summary>
    private void Recover(ITaskHubStore store)
    {
        var adopted = Adopt(store.Load());
        store.Compact(adopted.Select(FullRecord).ToList());
        Resume(adopted);
    }

    /// <summary>Takes stored instances into memory (at start, or taken over from a process whose lease ended).</summary>
    private List<TaskHubInstance> Adopt(Dictionary<string, StoredInstance> stored)
    {
        var adopted = new List<TaskHubInstance>();
        foreach (var s in stored.Values.OrderBy(s => s.Sequence))
        {
            if (_instances.ContainsKey(s.InstanceId))
            {
                continue;
            }
            var instance = FromStored(s);
            _instances[instance.InstanceId] = instance;
            _sequence = Math.Max(_sequence, s.Sequence);
            adopted.Add(instance);
        }
        return adopted;
    }

    private static TaskHubInstance FromStored(StoredInstance s)
    {
        var instance = new TaskHubInstance
        {
            InstanceId = s.InstanceId,
            Name = s.Name,
            Version = s.Version,
            Sequence = s.Sequence,
            CreatedAt = s.CreatedAt,
            ExecutionId = s.ExecutionId,
            Status = s.Status,
            Input = s.Input,
            Output = s.Output,
            CustomStatus = s.CustomStatus,
            Failure = s.Failure,
            LastUpdatedAt = s.LastUpdatedAt,
            StartedAt = s.StartedAt,
            CompletedAt = s.CompletedAt,
            ScheduledStartAt = s.ScheduledStartAt,
            Parent = s.Parent,
            Tags = new Dictionary<string, string>(s.Tags, StringComparer.Ordinal),
            PersistedExecutionId = s.ExecutionId,
            PersistedHistoryCount = s.History.Count,
        };
        instance.History.AddRange(s.History);
        instance.Inbox.AddRange(s.Pending);
        instance.Children.UnionWith(s.Children);
        return instance;
    }

    private static TaskHubRecord FullRecord(TaskHubInstance instance) =>
        new(instance.InstanceId, instance.CreatedAt.UtcTicks, TaskHubRecordKind.Full, TaskHubRecords.ForUpsert(instance, resetHistory: true, 0));

    /// <summary>Queues again what the adopted instances had outstanding, re-arms their timers and dispatches them.</summary>
    private void Resume(List<TaskHubInstance> adopted)
    {
        foreach (var instance in adopted.Where(i => !i.IsTerminal))
        {
            RequeueOutstanding(instance);
            if (instance.ScheduledStartAt is { } due && due > _time.GetUtcNow())
            {
                var id = instance.InstanceId;
                _timers.At(due, () =>
                {
                    lock (_gate)
                    {
                        if (_instances.TryGetValue(id, out var current) && ReferenceEquals(current, instance))
                        {
                            Dispatch(current);
                            Observe(Persist());
                        }
                    }
                });
            }
            Dispatch(instance);
        }
        _dirty.Clear();
        // What was loaded is durable already: its work goes out now.
        foreach (var item in _held)
        {
            _workItems.Writer.TryWrite(item);
        }
        _held.Clear();
    }

    private void RequeueOutstanding(TaskHubInstance instance)
    {
        var events = instance.History.Concat(instance.Inbox).ToList();
        var answered = events.Select(e => e.EventTypeCase switch
        {
            HistoryEvent.EventTypeOneofCase.TaskCompleted => e.TaskCompleted.TaskScheduledId,
            HistoryEvent.EventTypeOneofCase.TaskFailed => e.TaskFailed.TaskScheduledId,
            _ => (int?)null,
        }).OfType<int>().ToHashSet();
        var fired = events.Where(e => e.EventTypeCase == HistoryEvent.EventTypeOneofCase.TimerFired).Select(e => e.TimerFired.TimerId).ToHashSet();
        foreach (var e in instance.History)
        {
            if (e.EventTypeCase == HistoryEvent.EventTypeOneofCase.TaskScheduled && !answered.Contains(e.EventId))
            {
                // Scheduled, no result recorded: it may have run before the stop, and runs again (at least once).
                QueueActivity(instance, e.EventId, e.TaskScheduled.Name, e.TaskScheduled.Version, e.TaskScheduled.Input, e.TaskScheduled.TaskExecutionId);
            }
            else if (e.EventTypeCase == HistoryEvent.EventTypeOneofCase.TimerCreated && !fired.Contains(e.EventId))
            {
                // A timer that fell due while the backend was down fires at once.
                ArmTimer(instance, e.EventId, e.TimerCreated.FireAt);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The workflow backend could not write its journal")]
    private static partial void LogStoreFailed(ILogger logger, Exception? exception);
}
