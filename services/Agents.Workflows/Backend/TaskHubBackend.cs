using System.Text;
using System.Threading.Channels;
using Dapr.DurableTask.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Agents.Workflows.Backend;

/// <summary>
/// The durable-task backend behind <c>TaskHubSidecarService</c>: it keeps instances (history, inbox, status),
/// hands turns and activities to connected workers as work items, and applies what the worker sends back.
/// The SDK replays the workflow code; the backend only stores events and routes them. All state is guarded by
/// one lock: every operation is a few list and dictionary updates.
/// </summary>
internal sealed partial class TaskHubBackend : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskHubInstance> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskHubInstance> _turns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingActivity> _activities = new(StringComparer.Ordinal);
    private readonly Channel<WorkItem> _workItems = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = false });
    // Work created by a change not yet durable: handed out when Persist's write completes (see Hand).
    private readonly List<WorkItem> _held = [];
    private readonly TimeProvider _time;
    private readonly DueTimers _timers;
    private readonly TaskHubBackendOptions _options;
    private readonly ILogger _logger;
    private readonly ITaskHubStore? _store;
    private readonly HashSet<TaskHubInstance> _dirty = [];
    private readonly List<string> _deleted = [];
    private long _sequence;
    private long _streams;

    public TaskHubBackend(IOptions<TaskHubBackendOptions> options, TimeProvider time, ILogger<TaskHubBackend> logger)
    {
        _options = options.Value;
        _time = time;
        _timers = new DueTimers(time);
        _logger = logger;
        var owner = _options.OwnerName ?? $"{Environment.MachineName}-{Environment.ProcessId}-{NewToken()[..8]}";
        var lease = TimeSpan.FromSeconds(_options.LeaseSeconds);
        _store = _options switch
        {
            { JournalDirectory: { } directory } => new FileTaskHubStore(directory),
            { PostgresConnectionString: { } connectionString } => new PostgresTaskHubStore(NpgsqlDataSource.Create(connectionString), ownsDataSource: true, owner, lease),
            { PostgresDataSource: { } dataSource } => new PostgresTaskHubStore(dataSource, ownsDataSource: false, owner, lease),
            _ => null,
        };
        if (_store is not null)
        {
            // Under the lock: a re-armed timer already due fires at once, on another thread.
            lock (_gate)
            {
                Recover(_store);
            }
        }
        if (_store is ISharedTaskHubStore shared)
        {
            _shared = shared;
            _ticker = Task.Run(TickLoopAsync);
        }
    }

    /// <summary>Work items for the GetWorkItems streams; several streams compete for them.</summary>
    public ChannelReader<WorkItem> WorkItems => _workItems.Reader;

    public long OpenStream() => Interlocked.Increment(ref _streams);

    /// <summary>
    /// Marks a work item as held by <paramref name="stream"/>; false when it is no longer current (its instance
    /// ended, was purged, or it was already completed), so the stream skips it.
    /// </summary>
    public bool TryClaim(WorkItem item, long stream)
    {
        lock (_gate)
        {
            if (_fault is not null)
            {
                return false;
            }
            if (_turns.TryGetValue(item.CompletionToken, out var instance) && instance.InFlight is { } turn)
            {
                turn.Stream = stream;
                return true;
            }
            if (_activities.TryGetValue(item.CompletionToken, out var activity))
            {
                activity.Stream = stream;
                return true;
            }
            return false;
        }
    }

    /// <summary>A stream ended: what it held and did not complete is queued again for another worker.</summary>
    public void Abandon(long stream)
    {
        lock (_gate)
        {
            foreach (var instance in _turns.Values)
            {
                if (instance.InFlight is { } turn && turn.Stream == stream)
                {
                    turn.Stream = 0;
                    _workItems.Writer.TryWrite(turn.Item);
                }
            }
            foreach (var activity in _activities.Values)
            {
                if (activity.Stream == stream)
                {
                    activity.Stream = 0;
                    _workItems.Writer.TryWrite(activity.Item);
                }
            }
        }
    }

    public async Task<CreateInstanceResponse> StartAsync(CreateInstanceRequest request)
    {
        Require(request.InstanceId, "instanceId");
        Require(request.Name, "name");
        CheckPayload(request.Input, "input");
        // Shared: the id is claimed in the store first, so two processes never both start it.
        if (IsElsewhere(request.InstanceId)
            && await _shared!.ClaimAsync(request.InstanceId, _time.GetUtcNow().UtcTicks, _stopping.Token).ConfigureAwait(false) is { } owner)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists,
                $"Workflow instance '{request.InstanceId}' already exists; backend process '{owner}' runs it."));
        }
        Task durable;
        lock (_gate)
        {
            if (_instances.TryGetValue(request.InstanceId, out var existing) && !existing.IsTerminal)
            {
                throw new RpcException(new Status(StatusCode.AlreadyExists,
                    $"Workflow instance '{request.InstanceId}' already exists and is {existing.Status}."));
            }
            var scheduled = request.ScheduledStartTimestamp?.ToDateTimeOffset();
            Create(request.InstanceId, request.Name, request.Version, request.Input, parent: null, scheduled,
                request.Tags, request.ParentTraceContext, _time.GetUtcNow());
            durable = Persist();
        }
        await durable.ConfigureAwait(false);
        return new CreateInstanceResponse { InstanceId = request.InstanceId };
    }

    public Task RaiseAsync(RaiseEventRequest request)
    {
        Require(request.Name, "name");
        CheckPayload(request.Input, "input");
        if (IsElsewhere(request.InstanceId))
        {
            return ForwardAsync(request.InstanceId, request, i => RefuseIfEnded(i, "it takes no more events"));
        }
        lock (_gate)
        {
            var instance = Find(request.InstanceId);
            if (instance.IsTerminal)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"Workflow instance '{request.InstanceId}' is {instance.Status}; it takes no more events."));
            }
            instance.Inbox.Add(new HistoryEvent
            {
                EventId = -1,
                Timestamp = Now(),
                EventRaised = new EventRaisedEvent { Name = request.Name, Input = request.Input },
            });
            Dispatch(instance);
            return Persist();
        }
    }

    public Task TerminateAsync(TerminateRequest request)
    {
        if (IsElsewhere(request.InstanceId))
        {
            return ForwardAsync(request.InstanceId, request, _ => null);
        }
        lock (_gate)
        {
            Terminate(Find(request.InstanceId), request.Output, request.Recursive);
            return Persist();
        }
    }

    public Task SuspendAsync(SuspendRequest request)
    {
        if (IsElsewhere(request.InstanceId))
        {
            return ForwardAsync(request.InstanceId, request, i => RefuseIfEnded(i, "only a running one can be suspended"));
        }
        lock (_gate)
        {
            var instance = Find(request.InstanceId);
            if (instance.IsTerminal)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"Workflow instance '{request.InstanceId}' is {instance.Status}; only a running one can be suspended."));
            }
            if (instance.Status == OrchestrationStatus.Suspended)
            {
                return Task.CompletedTask;
            }
            // The event waits in the inbox with everything that arrives while suspended; the next turn
            // (after resume) commits them together, so the history stays in arrival order.
            instance.Inbox.Add(new HistoryEvent { EventId = -1, Timestamp = Now(), ExecutionSuspended = new ExecutionSuspendedEvent { Input = request.Reason } });
            instance.Status = OrchestrationStatus.Suspended;
            Touch(instance);
            return Persist();
        }
    }

    public Task ResumeAsync(ResumeRequest request)
    {
        if (IsElsewhere(request.InstanceId))
        {
            return ForwardAsync(request.InstanceId, request, _ => null);
        }
        lock (_gate)
        {
            var instance = Find(request.InstanceId);
            if (instance.Status != OrchestrationStatus.Suspended)
            {
                return Task.CompletedTask;
            }
            instance.Inbox.Add(new HistoryEvent { EventId = -1, Timestamp = Now(), ExecutionResumed = new ExecutionResumedEvent { Input = request.Reason } });
            instance.Status = instance.StartedAt is null ? OrchestrationStatus.Pending : OrchestrationStatus.Running;
            Touch(instance);
            Dispatch(instance);
            return Persist();
        }
    }

    public async Task<PurgeInstancesResponse> PurgeAsync(PurgeInstancesRequest request)
    {
        if (request.RequestCase == PurgeInstancesRequest.RequestOneofCase.InstanceId && IsElsewhere(request.InstanceId)
            && await _shared!.OwnerOfAsync(request.InstanceId, _stopping.Token).ConfigureAwait(false) is { } owner)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"Workflow instance '{request.InstanceId}' is run by backend process '{owner}'; only the process that runs an instance purges it."));
        }
        Task durable;
        var deleted = 0;
        lock (_gate)
        {
            if (request.RequestCase == PurgeInstancesRequest.RequestOneofCase.PurgeInstanceFilter)
            {
                var filter = request.PurgeInstanceFilter;
                var from = filter.CreatedTimeFrom?.ToDateTimeOffset() ?? DateTimeOffset.MinValue;
                var to = filter.CreatedTimeTo?.ToDateTimeOffset() ?? DateTimeOffset.MaxValue;
                var matches = _instances.Values
                    .Where(i => i.IsTerminal && i.CreatedAt >= from && i.CreatedAt <= to
                        && (filter.RuntimeStatus.Count == 0 || filter.RuntimeStatus.Contains(i.Status)))
                    .ToList();
                foreach (var instance in matches)
                {
                    deleted += Purge(instance, request.Recursive, force: false);
                }
            }
            else if (_instances.TryGetValue(request.InstanceId, out var instance))
            {
                var force = request.HasForce && request.Force;
                if (!instance.IsTerminal && !force)
                {
                    throw new RpcException(new Status(StatusCode.FailedPrecondition,
                        $"Workflow instance '{request.InstanceId}' is {instance.Status}; only a finished instance can be purged."));
                }
                deleted = Purge(instance, request.Recursive, force);
            }
            durable = Persist();
        }
        await durable.ConfigureAwait(false);
        return new PurgeInstancesResponse { DeletedInstanceCount = deleted, IsComplete = true };
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_ticker is not null)
        {
            await _ticker.ConfigureAwait(false);
        }
        _stopping.Dispose();
        _timers.Dispose();
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }
    }

    private TaskHubInstance Find(string instanceId) =>
        _instances.TryGetValue(instanceId, out var instance)
            ? instance
            : throw new RpcException(new Status(StatusCode.NotFound, $"No workflow instance '{instanceId}'."));

    private void Create(string instanceId, string name, string? version, string? input, ParentInstanceInfo? parent,
        DateTimeOffset? scheduledStart, IEnumerable<KeyValuePair<string, string>> tags, TraceContext? trace, DateTimeOffset now)
    {
        if (_instances.Remove(instanceId, out var previous))
        {
            Forget(previous);
        }
        var instance = new TaskHubInstance
        {
            InstanceId = instanceId,
            Name = name,
            Version = version,
            Sequence = ++_sequence,
            CreatedAt = now,
            LastUpdatedAt = now,
            ExecutionId = NewToken(),
            Input = input,
            Parent = parent,
            ScheduledStartAt = scheduledStart,
            Tags = tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        };
        var started = new ExecutionStartedEvent
        {
            Name = name,
            Version = version,
            Input = input,
            WorkflowInstance = new WorkflowInstance { InstanceId = instanceId, ExecutionId = instance.ExecutionId },
            ParentInstance = parent,
            ParentTraceContext = trace,
            ScheduledStartTimestamp = scheduledStart is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        };
        started.Tags.Add(instance.Tags);
        instance.Inbox.Add(new HistoryEvent { EventId = -1, Timestamp = Timestamp.FromDateTimeOffset(now), ExecutionStarted = started });
        _instances[instanceId] = instance;
        previous?.NotifyChanged();
        if (scheduledStart is { } due && due > now)
        {
            _timers.At(due, () =>
            {
                lock (_gate)
                {
                    if (_instances.TryGetValue(instanceId, out var current) && ReferenceEquals(current, instance))
                    {
                        Dispatch(current);
                        Observe(Persist());
                    }
                }
            });
        }
        Dispatch(instance);
    }

    /// <summary>Hands the instance's inbox to a worker as one turn, unless a turn is out or it may not run now.</summary>
    private void Dispatch(TaskHubInstance instance)
    {
        _dirty.Add(instance);
        if (instance.InFlight is not null || instance.Inbox.Count == 0 || instance.IsTerminal
            || instance.Status is OrchestrationStatus.Suspended or OrchestrationStatus.Stalled
            || (instance.ScheduledStartAt is { } at && at > _time.GetUtcNow()))
        {
            return;
        }
        // Each turn opens with WorkflowStarted: its timestamp is the turn's CurrentUtcDateTime in the SDK.
        var events = new List<HistoryEvent>(instance.Inbox.Count + 1)
        {
            new() { EventId = -1, Timestamp = Now(), WorkflowStarted = new WorkflowStartedEvent() },
        };
        events.AddRange(instance.Inbox);
        instance.Inbox.Clear();
        var request = new WorkflowRequest { InstanceId = instance.InstanceId, ExecutionId = instance.ExecutionId };
        request.PastEvents.AddRange(instance.History);
        request.NewEvents.AddRange(events);
        var token = NewToken();
        var item = new WorkItem { WorkflowRequest = request, CompletionToken = token };
        instance.InFlight = new InFlightTurn(token, events, item);
        _turns[token] = instance;
        Hand(item);
    }

    /// <summary>
    /// Gives a work item to the workers once the change that created it is durable. Handed out earlier, an activity
    /// could run (and publish, say, the run's final event) for a turn a crash then loses: after the restart the
    /// workflow would be back before that turn while the world had seen its effects.
    /// </summary>
    private void Hand(WorkItem item)
    {
        if (_store is null)
        {
            _workItems.Writer.TryWrite(item);
            return;
        }
        _held.Add(item);
    }

    private void Terminate(TaskHubInstance instance, string? output, bool recursive)
    {
        if (instance.IsTerminal)
        {
            return;
        }
        // Terminated here, not by a worker turn: it works with no worker connected and while suspended.
        instance.History.Add(new HistoryEvent
        {
            EventId = -1,
            Timestamp = Now(),
            ExecutionTerminated = new ExecutionTerminatedEvent { Input = output, Recurse = recursive },
        });
        Finish(instance, OrchestrationStatus.Terminated, output, failure: null);
        if (recursive)
        {
            foreach (var child in instance.Children)
            {
                if (_instances.TryGetValue(child, out var childInstance))
                {
                    Terminate(childInstance, output, recursive);
                }
            }
        }
    }

    private void Finish(TaskHubInstance instance, OrchestrationStatus status, string? output, TaskFailureDetails? failure)
    {
        instance.History.Add(new HistoryEvent
        {
            EventId = -1,
            Timestamp = Now(),
            ExecutionCompleted = new ExecutionCompletedEvent { WorkflowStatus = status, Result = output, FailureDetails = failure },
        });
        instance.Status = status;
        instance.Output = output;
        instance.Failure = failure;
        instance.CompletedAt = _time.GetUtcNow();
        instance.Inbox.Clear();
        DropTurn(instance);
        NotifyParent(instance);
        // Before Touch wakes the waiters: whoever sees the instance ended can find its span.
        WorkflowTelemetry.InstanceEnded(instance);
        Touch(instance);
    }

    private void NotifyParent(TaskHubInstance child)
    {
        if (child.Parent is not { } parentInfo
            || !_instances.TryGetValue(parentInfo.WorkflowInstance.InstanceId, out var parent)
            || parent.IsTerminal || parent.ExecutionId != parentInfo.WorkflowInstance.ExecutionId)
        {
            return;
        }
        var result = new HistoryEvent { EventId = -1, Timestamp = Now() };
        if (child.Status == OrchestrationStatus.Completed)
        {
            result.ChildWorkflowInstanceCompleted = new ChildWorkflowInstanceCompletedEvent
            {
                TaskScheduledId = parentInfo.TaskScheduledId,
                Result = child.Output,
            };
        }
        else
        {
            result.ChildWorkflowInstanceFailed = new ChildWorkflowInstanceFailedEvent
            {
                TaskScheduledId = parentInfo.TaskScheduledId,
                FailureDetails = child.Failure ?? new TaskFailureDetails
                {
                    ErrorType = "WorkflowTerminated",
                    ErrorMessage = $"Child workflow '{child.InstanceId}' ended {child.Status}.",
                },
            };
        }
        parent.Inbox.Add(result);
        Dispatch(parent);
    }

    private int Purge(TaskHubInstance instance, bool recursive, bool force)
    {
        var deleted = 0;
        if (recursive)
        {
            foreach (var child in instance.Children)
            {
                if (_instances.TryGetValue(child, out var childInstance) && (childInstance.IsTerminal || force))
                {
                    deleted += Purge(childInstance, recursive, force);
                }
            }
        }
        _instances.Remove(instance.InstanceId);
        Forget(instance);
        _dirty.Remove(instance);
        _deleted.Add(instance.InstanceId);
        instance.NotifyChanged();
        return deleted + 1;
    }

    /// <summary>Drops the removed instance's outstanding turn and activities, so no worker is handed them again.</summary>
    private void Forget(TaskHubInstance instance)
    {
        DropTurn(instance);
        foreach (var token in _activities.Where(a => a.Value.InstanceId == instance.InstanceId && a.Value.ExecutionId == instance.ExecutionId)
                     .Select(a => a.Key).ToList())
        {
            _activities.Remove(token);
        }
    }

    private void DropTurn(TaskHubInstance instance)
    {
        if (instance.InFlight is { } turn)
        {
            _turns.Remove(turn.Token);
            instance.InFlight = null;
        }
    }

    private void Touch(TaskHubInstance instance)
    {
        _dirty.Add(instance);
        instance.LastUpdatedAt = _time.GetUtcNow();
        instance.NotifyChanged();
    }

    private void CheckPayload(string? payload, string field)
    {
        if (payload is not null && Encoding.UTF8.GetByteCount(payload) is var bytes && bytes > _options.MaxPayloadBytes)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"{field} is {bytes} bytes; the backend accepts at most {_options.MaxPayloadBytes} ({TaskHubBackendOptions.SectionName}:{nameof(TaskHubBackendOptions.MaxPayloadBytes)})."));
        }
    }

    private bool IsOverLimit(string? payload) =>
        payload is not null && Encoding.UTF8.GetByteCount(payload) > _options.MaxPayloadBytes;

    private static void Require(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} is required."));
        }
    }

    private Timestamp Now() => Timestamp.FromDateTimeOffset(_time.GetUtcNow());

    private static string NewToken() => Guid.NewGuid().ToString("N");
}
