using Agents.Workflows.Journal;

namespace Agents.Workflows.Engine;

internal sealed partial class WorkflowExecutor
{
    public override async Task<T> CallActivityAsync<T>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var json = _payloads.Serialize(input, $"input of activity '{name}'");
        var result = options?.RetryPolicy is { } policy
            ? await WithRetryAsync(policy, () => ScheduleActivity(name, json)).ConfigureAwait(true)
            : await ScheduleActivity(name, json).ConfigureAwait(true);
        return _payloads.Deserialize<T>(result);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var at = new DateTimeOffset(fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc));
        var id = _nextTaskId++;
        var fired = new TaskCompletionSource();
        if (Record(id, new TimerCreated(id, at) { Timestamp = _now }))
        {
            _turn.Messages.Add(new WorkflowMessage(0, InstanceId, ExecutionId, at, new TimerFired(id)));
        }
        _pending[id] = _ => fired.TrySetResult();
        if (cancellationToken.CanBeCanceled)
        {
            // The durable timer still fires later; its result is then ignored.
            cancellationToken.Register(() => fired.TrySetCanceled(cancellationToken));
        }
        return fired.Task;
    }

    public override Task<T> WaitForExternalEventAsync<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        if (_bufferedEvents.TryGetValue(eventName, out var queue) && queue.TryDequeue(out var payload))
        {
            return Task.FromResult(_payloads.Deserialize<T>(payload));
        }
        var waiter = new TaskCompletionSource<string?>();
        if (!_eventWaiters.TryGetValue(eventName, out var waiters))
        {
            _eventWaiters[eventName] = waiters = new LinkedList<TaskCompletionSource<string?>>();
        }
        var node = waiters.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    waiters.Remove(node);
                }
                waiter.TrySetCanceled(cancellationToken);
            });
        }
        return ReadAsync<T>(waiter.Task);
    }

    public override async Task<T> WaitForExternalEventAsync<T>(string eventName, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource();
        var received = WaitForExternalEventAsync<T>(eventName, cancel.Token);
        if (received.IsCompleted)
        {
            return await received.ConfigureAwait(true);
        }
        var timer = CreateTimer(timeout, cancel.Token);
        var first = await Task.WhenAny(received, timer).ConfigureAwait(true);
        // Synchronous on purpose: CancelAsync would run the callbacks on the thread pool, outside the turn.
        cancel.Cancel();
        if (first == timer && !received.IsCompletedSuccessfully)
        {
            throw new TaskCanceledException($"Timed out after {timeout} waiting for external event '{eventName}'.");
        }
        return await received.ConfigureAwait(true);
    }

    public override async Task<TResult> CallChildWorkflowAsync<TResult>(string workflowName, object? input = null, ChildWorkflowTaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowName);
        var json = _payloads.Serialize(input, $"input of workflow '{workflowName}'");
        var result = options?.RetryPolicy is { } policy
            ? await WithRetryAsync(policy, () => ScheduleChild(workflowName, json, options.InstanceId)).ConfigureAwait(true)
            : await ScheduleChild(workflowName, json, options?.InstanceId).ConfigureAwait(true);
        return _payloads.Deserialize<TResult>(result);
    }

    public override void SendEvent(string instanceId, string eventName, object? payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var json = _payloads.Serialize(payload, $"payload of event '{eventName}'");
        var id = _nextTaskId++;
        if (Record(id, new EventSent(id, instanceId, eventName, json) { Timestamp = _now }))
        {
            _turn.Messages.Add(new WorkflowMessage(0, instanceId, null, _now, new EventRaised(eventName, json)));
        }
    }

    private Task<string?> ScheduleActivity(string name, string? input)
    {
        var id = _nextTaskId++;
        if (Record(id, new ActivityScheduled(id, name, input) { Timestamp = _now }))
        {
            _turn.Activities.Add(new ActivityTask(InstanceId, ExecutionId, id, name, input));
        }
        return Await(id, $"Activity '{name}'");
    }

    private Task<string?> ScheduleChild(string name, string? input, string? childInstanceId)
    {
        var id = _nextTaskId++;
        // The default child id depends only on the parent and the step number, so it is the same on replay.
        var childId = childInstanceId ?? $"{InstanceId}:{id:D4}";
        _children[id] = childId;
        if (Record(id, new ChildScheduled(id, name, childId, input) { Timestamp = _now }))
        {
            var childExecution = Guid.NewGuid().ToString("N");
            _turn.Instances.Add(new InstanceRecord(childId, name, childExecution, WorkflowRuntimeStatus.Pending, _now, _now, input, null, null, null, InstanceId, 0));
            _turn.Messages.Add(new WorkflowMessage(0, childId, childExecution, _now, new ExecutionStarted(name, input, InstanceId, id, ExecutionId)));
        }
        return Await(id, $"Child workflow '{name}' ({childId})");
    }

    private Task<string?> Await(int id, string what)
    {
        var done = new TaskCompletionSource<string?>();
        _pending[id] = e =>
        {
            switch (e)
            {
                case TaskCompleted c:
                    done.TrySetResult(c.Result);
                    break;
                case TaskFailed f:
                    done.TrySetException(new WorkflowTaskFailedException($"{what} failed: {f.Failure.ErrorMessage}", f.Failure));
                    break;
            }
        };
        return done.Task;
    }

    /// <summary>Records a step: true when it is new (enqueue its work), false when replay matched it against history.</summary>
    private bool Record(int id, HistoryEvent step)
    {
        if (_recordedSteps.TryGetValue(id, out var recorded))
        {
            if (!SameStep(recorded, step))
            {
                _nonDeterminism ??= $"Non-deterministic workflow '{Name}' (instance '{InstanceId}'): at step #{id} the history has {Describe(recorded)} but the code now asks for {Describe(step)}. Workflow code must make the same calls in the same order on every replay.";
                throw new InvalidOperationException(_nonDeterminism);
            }
            return false;
        }
        _turn.History.Add(step);
        return true;
    }

    private async Task<string?> WithRetryAsync(WorkflowRetryPolicy policy, Func<Task<string?>> attempt)
    {
        var firstAttemptAt = _now;
        for (var number = 1; ; number++)
        {
            TimeSpan delay;
            try
            {
                return await attempt().ConfigureAwait(true);
            }
            catch (WorkflowTaskFailedException) when (number < policy.MaxNumberOfAttempts)
            {
                delay = policy.DelayBeforeRetry(number);
                if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && _now + delay - firstAttemptAt > policy.RetryTimeout)
                {
                    throw;
                }
            }
            await CreateTimer(delay, CancellationToken.None).ConfigureAwait(true);
        }
    }

    private async Task<T> ReadAsync<T>(Task<string?> payload) => _payloads.Deserialize<T>(await payload.ConfigureAwait(true));

    private static bool SameStep(HistoryEvent recorded, HistoryEvent asked) => (recorded, asked) switch
    {
        (ActivityScheduled r, ActivityScheduled a) => r.Name == a.Name,
        (ChildScheduled r, ChildScheduled a) => r.Name == a.Name,
        (TimerCreated, TimerCreated) => true,
        (EventSent r, EventSent a) => r.Name == a.Name && r.TargetInstanceId == a.TargetInstanceId,
        _ => false,
    };

    private static int StepId(HistoryEvent step) => step switch
    {
        ActivityScheduled a => a.TaskId,
        ChildScheduled c => c.TaskId,
        TimerCreated t => t.TaskId,
        EventSent e => e.TaskId,
        _ => -1,
    };

    private static string Describe(HistoryEvent step) => step switch
    {
        ActivityScheduled a => $"activity '{a.Name}'",
        ChildScheduled c => $"child workflow '{c.Name}'",
        TimerCreated => "a timer",
        EventSent e => $"event '{e.Name}' sent to '{e.TargetInstanceId}'",
        _ => step.GetType().Name,
    };
}
