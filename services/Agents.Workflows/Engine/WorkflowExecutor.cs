using Agents.Workflows.Journal;
using Microsoft.Extensions.Logging;

namespace Agents.Workflows.Engine;

/// <summary>
/// One instance's workflow code and its replay state. It is kept between turns while the instance runs
/// (so a turn costs only the new events); after a restart or a cache miss the history is replayed first:
/// steps the code asks for are matched by sequence number against the recorded ones, results are fed back
/// in recorded order, and only steps beyond the history become new work.
/// </summary>
internal sealed partial class WorkflowExecutor : WorkflowContext
{
    private readonly IWorkflow? _workflow;
    private readonly PayloadSerializer _payloads;
    private readonly ILoggerFactory _loggers;
    private readonly WorkflowSynchronizationContext _sync = new();
    private readonly Dictionary<int, HistoryEvent> _recordedSteps = [];
    private readonly Dictionary<int, Action<HistoryEvent>> _pending = [];
    private readonly Dictionary<string, Queue<string?>> _bufferedEvents = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _eventWaiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HistoryEvent> _suspendedBuffer = [];
    private readonly Dictionary<int, string> _children = [];
    private TurnBuilder _turn = new();
    private ExecutionStarted? _start;
    private Task<object?>? _run;
    private int _nextTaskId;
    private int _guidCounter;
    private DateTimeOffset _now;
    private bool _isReplaying;
    private bool _suspended;
    private string? _terminatedOutput;
    private bool _terminated;
    private string? _nonDeterminism;
    private (string? Input, bool PreserveEvents)? _continueAsNew;

    public WorkflowExecutor(InstanceRecord instance, IWorkflow? workflow, PayloadSerializer payloads, ILoggerFactory loggers)
    {
        InstanceId = instance.InstanceId;
        Name = instance.Name;
        ExecutionId = instance.ExecutionId;
        CustomStatus = instance.CustomStatus;
        _workflow = workflow;
        _payloads = payloads;
        _loggers = loggers;
    }

    public override string Name { get; }

    public override string InstanceId { get; }

    public string ExecutionId { get; }

    public int HistoryCount { get; private set; }

    public string? CustomStatus { get; private set; }

    public override DateTime CurrentUtcDateTime => _now.UtcDateTime;

    public override bool IsReplaying => _isReplaying;

    public bool IsFinished => _terminated || _nonDeterminism is not null || _run is { IsCompleted: true };

    /// <summary>Re-runs the code against recorded history; no new work may come out of it.</summary>
    public void Replay(IReadOnlyList<HistoryEvent> history)
    {
        foreach (var e in history)
        {
            if (StepId(e) is var id and >= 0)
            {
                _recordedSteps[id] = e;
            }
        }
        _isReplaying = true;
        foreach (var e in history)
        {
            Deliver(e);
        }
        _isReplaying = false;
        HistoryCount = history.Count;
        if (_nonDeterminism is null && !_terminated)
        {
            var missing = _recordedSteps.Where(s => s.Key >= _nextTaskId).OrderBy(s => s.Key).Select(s => s.Value).FirstOrDefault();
            if (missing is not null)
            {
                _nonDeterminism = $"Non-deterministic workflow '{Name}' (instance '{InstanceId}'): the history has {Describe(missing)} as step #{StepId(missing)}, but on replay the code {(_run is { IsCompleted: true } ? "finished" : "stopped")} after {_nextTaskId} step(s) without asking for it.";
            }
        }
    }

    /// <summary>Feeds a turn's messages to the code; <see cref="TakeTurn"/> then returns what it produced.</summary>
    public void RunTurn(IReadOnlyList<WorkflowMessage> messages, DateTimeOffset now)
    {
        foreach (var message in messages)
        {
            if (_continueAsNew is not null && _run is { IsCompleted: true })
            {
                break; // left in the inbox for the next run
            }
            _turn.Consumed.Add(message.Id);
            if (IsFinished || (message.ExecutionId is not null && message.ExecutionId != ExecutionId))
            {
                continue; // a result for an earlier run (before ContinueAsNew) or arriving after the end
            }
            var e = message.Event with { Timestamp = now };
            _turn.History.Add(e);
            Deliver(e);
        }
    }

    /// <summary>The steps produced since the last call (including any a replay went beyond the history with).</summary>
    public TurnBuilder TakeTurn()
    {
        var turn = _turn;
        _turn = new TurnBuilder();
        HistoryCount += turn.History.Count;
        return turn;
    }

    public (WorkflowRuntimeStatus Status, string? Output, WorkflowFailureDetails? Failure, (string? Input, bool PreserveEvents)? ContinueAsNew) Outcome()
    {
        if (_nonDeterminism is not null)
        {
            return (WorkflowRuntimeStatus.Failed, null, new WorkflowFailureDetails("Agents.Workflows.NonDeterministicWorkflowException", _nonDeterminism), null);
        }
        if (_terminated)
        {
            return (WorkflowRuntimeStatus.Terminated, _terminatedOutput, null, null);
        }
        if (_run is { IsCompleted: true } run)
        {
            if (run.IsFaulted || run.IsCanceled)
            {
                var ex = run.Exception?.InnerException ?? new TaskCanceledException("The workflow was canceled.");
                return (WorkflowRuntimeStatus.Failed, null, new WorkflowFailureDetails(ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ex.StackTrace), null);
            }
            if (_continueAsNew is { } next)
            {
                return (WorkflowRuntimeStatus.ContinuedAsNew, null, null, next);
            }
            try
            {
                return (WorkflowRuntimeStatus.Completed, _payloads.Serialize(run.Result, $"output of workflow '{Name}'"), null, null);
            }
            catch (WorkflowPayloadTooLargeException ex)
            {
                return (WorkflowRuntimeStatus.Failed, null, new WorkflowFailureDetails(typeof(WorkflowPayloadTooLargeException).FullName!, ex.Message), null);
            }
        }
        if (_start is null)
        {
            return (WorkflowRuntimeStatus.Pending, null, null, null);
        }
        if (!_suspended && _pending.Count == 0 && _eventWaiters.Values.All(w => w.Count == 0))
        {
            // Nothing the runtime could ever deliver would wake this code: it awaits something foreign.
            return (WorkflowRuntimeStatus.Failed, null, new WorkflowFailureDetails("Agents.Workflows.NonDeterministicWorkflowException",
                $"Workflow '{Name}' (instance '{InstanceId}') is waiting on a task the workflow runtime did not create (Task.Delay, Task.Run, I/O, ...). Use context.CreateTimer, activities and external events instead."), null);
        }
        return (_suspended ? WorkflowRuntimeStatus.Suspended : WorkflowRuntimeStatus.Running, null, null, null);
    }

    public ExecutionStarted? Start => _start;

    /// <summary>Child instances started and not yet finished (terminated with their parent).</summary>
    public IEnumerable<string> RunningChildren() => _children.Where(c => _pending.ContainsKey(c.Key)).Select(c => c.Value);

    /// <summary>Events received but not yet consumed by the code, carried over by ContinueAsNew.</summary>
    public IEnumerable<EventRaised> UnprocessedEvents() =>
        _bufferedEvents.SelectMany(b => b.Value.Select(p => new EventRaised(b.Key, p)))
            .Concat(_suspendedBuffer.OfType<EventRaised>());

    private void Deliver(HistoryEvent e)
    {
        _now = e.Timestamp;
        if (_suspended && e is not (ExecutionResumed or ExecutionTerminated or ExecutionSuspended))
        {
            _suspendedBuffer.Add(e);
            return;
        }
        switch (e)
        {
            case ExecutionStarted start when _start is null:
                _start = start;
                StartCode(start);
                break;
            case TaskCompleted or TaskFailed or TimerFired:
                var id = e switch { TaskCompleted c => c.TaskId, TaskFailed f => f.TaskId, _ => ((TimerFired)e).TaskId };
                if (_pending.Remove(id, out var complete))
                {
                    _sync.Run(() => complete(e));
                }
                break;
            case EventRaised raised:
                DeliverEvent(raised);
                break;
            case ExecutionTerminated terminated:
                _terminated = true;
                _terminatedOutput = terminated.Output;
                break;
            case ExecutionSuspended:
                _suspended = true;
                break;
            case ExecutionResumed:
                _suspended = false;
                var buffered = _suspendedBuffer.ToList();
                _suspendedBuffer.Clear();
                buffered.ForEach(Deliver);
                break;
        }
    }

    private void StartCode(ExecutionStarted start)
    {
        if (_workflow is null)
        {
            _run = Task.FromException<object?>(new InvalidOperationException($"No workflow named '{Name}' is registered in this process."));
            return;
        }
        _sync.Run(() =>
        {
            try
            {
                var input = _payloads.Deserialize(start.Input, _workflow.InputType);
                _run = _workflow.RunAsync(this, input);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidCastException)
            {
                _run = Task.FromException<object?>(ex);
            }
        });
    }

    private void DeliverEvent(EventRaised raised)
    {
        if (_eventWaiters.TryGetValue(raised.Name, out var waiters) && waiters.First is { } first)
        {
            waiters.RemoveFirst();
            _sync.Run(() => first.Value.TrySetResult(raised.Payload));
            return;
        }
        if (!_bufferedEvents.TryGetValue(raised.Name, out var queue))
        {
            _bufferedEvents[raised.Name] = queue = new Queue<string?>();
        }
        queue.Enqueue(raised.Payload);
    }

    public override ILogger CreateReplaySafeLogger(string categoryName) => new ReplaySafeLogger(_loggers.CreateLogger(categoryName), this);

    public override void SetCustomStatus(object? customStatus) => CustomStatus = _payloads.Serialize(customStatus, "custom status");

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        _continueAsNew = (_payloads.Serialize(newInput, $"input of workflow '{Name}'"), preserveUnprocessedEvents);

    public override Guid NewGuid() => DeterministicGuid.Create(InstanceId, ExecutionId, _guidCounter++);
}
