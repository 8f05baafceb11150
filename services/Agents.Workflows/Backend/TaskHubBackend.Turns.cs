using Dapr.DurableTask.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Agents.Workflows.Backend;

internal sealed partial class TaskHubBackend
{
    /// <summary>
    /// Commits a worker's turn: the turn's new events join the history, then each action is recorded (with the
    /// action's id as the event id, which is how the SDK matches history to its tasks on replay) and carried out.
    /// </summary>
    public Task CompleteTurnAsync(WorkflowResponse response)
    {
        lock (_gate)
        {
            if (!_turns.Remove(response.CompletionToken, out var instance) || instance.InFlight is not { } turn
                || turn.Token != response.CompletionToken || instance.InstanceId != response.InstanceId)
            {
                LogStaleCompletion(_logger, "workflow turn", response.InstanceId);
                throw Stale(response.InstanceId);
            }
            instance.InFlight = null;
            instance.History.AddRange(turn.NewEvents);
            if (response.CustomStatus is not null)
            {
                instance.CustomStatus = response.CustomStatus;
            }
            if (instance.Status == OrchestrationStatus.Pending)
            {
                instance.Status = OrchestrationStatus.Running;
                instance.StartedAt = _time.GetUtcNow();
            }
            foreach (var action in response.Actions)
            {
                if (instance.IsTerminal)
                {
                    break;
                }
                Apply(instance, action);
            }
            Touch(instance);
            Dispatch(instance);
            return Persist();
        }
    }

    public Task CompleteActivityAsync(ActivityResponse response)
    {
        lock (_gate)
        {
            if (!_activities.Remove(response.CompletionToken, out var activity))
            {
                LogStaleCompletion(_logger, "activity", response.InstanceId);
                throw Stale(response.InstanceId);
            }
            if (!_instances.TryGetValue(activity.InstanceId, out var instance) || instance.IsTerminal
                || instance.ExecutionId != activity.ExecutionId)
            {
                // The instance ended, was purged or continued as new while the activity ran: nobody waits for it.
                return Task.CompletedTask;
            }
            var result = new HistoryEvent { EventId = -1, Timestamp = Now() };
            var failure = response.FailureDetails ?? (IsOverLimit(response.Result)
                ? new TaskFailureDetails
                {
                    ErrorType = "PayloadTooLarge",
                    ErrorMessage = $"The result of activity task {activity.TaskId} is larger than the backend's limit of {_options.MaxPayloadBytes} bytes.",
                    IsNonRetriable = true,
                }
                : null);
            if (failure is not null)
            {
                result.TaskFailed = new TaskFailedEvent { TaskScheduledId = activity.TaskId, TaskExecutionId = activity.TaskExecutionId, FailureDetails = failure };
            }
            else
            {
                result.TaskCompleted = new TaskCompletedEvent { TaskScheduledId = activity.TaskId, TaskExecutionId = activity.TaskExecutionId, Result = response.Result };
            }
            instance.Inbox.Add(result);
            Dispatch(instance);
            return Persist();
        }
    }

    private void Apply(TaskHubInstance instance, WorkflowAction action)
    {
        switch (action.WorkflowActionTypeCase)
        {
            case WorkflowAction.WorkflowActionTypeOneofCase.ScheduleTask:
                ScheduleActivity(instance, action.Id, action.ScheduleTask);
                break;
            case WorkflowAction.WorkflowActionTypeOneofCase.CreateTimer:
                CreateTimer(instance, action.Id, action.CreateTimer);
                break;
            case WorkflowAction.WorkflowActionTypeOneofCase.CreateChildWorkflow:
                StartChild(instance, action.Id, action.CreateChildWorkflow);
                break;
            case WorkflowAction.WorkflowActionTypeOneofCase.SendEvent:
                SendEvent(instance, action.Id, action.SendEvent);
                break;
            case WorkflowAction.WorkflowActionTypeOneofCase.CompleteWorkflow:
                Complete(instance, action.CompleteWorkflow);
                break;
            case WorkflowAction.WorkflowActionTypeOneofCase.TerminateWorkflow:
                if (_instances.TryGetValue(action.TerminateWorkflow.InstanceId, out var target))
                {
                    Terminate(target, action.TerminateWorkflow.Reason, action.TerminateWorkflow.Recurse);
                }
                break;
            case WorkflowAction.WorkflowActionTypeOneofCase.CreateDetachedWorkflow:
                StartDetached(instance, action.Id, action.CreateDetachedWorkflow);
                break;
            case WorkflowAction.WorkflowActionTypeOneofCase.WorkflowVersionNotAvailable:
                // The worker has no code for this instance's version: it waits (Stalled) for one that has.
                instance.Status = OrchestrationStatus.Stalled;
                break;
            default:
                break;
        }
    }

    private void ScheduleActivity(TaskHubInstance instance, int id, ScheduleTaskAction task)
    {
        instance.History.Add(new HistoryEvent
        {
            EventId = id,
            Timestamp = Now(),
            TaskScheduled = new TaskScheduledEvent { Name = task.Name, Version = task.Version, Input = task.Input, TaskExecutionId = task.TaskExecutionId },
        });
        QueueActivity(instance, id, task.Name, task.Version, task.Input, task.TaskExecutionId);
    }

    private void QueueActivity(TaskHubInstance instance, int id, string name, string? version, string? input, string taskExecutionId)
    {
        var token = NewToken();
        var item = new WorkItem
        {
            CompletionToken = token,
            ActivityRequest = new ActivityRequest
            {
                Name = name,
                Version = version,
                Input = input,
                WorkflowInstance = new WorkflowInstance { InstanceId = instance.InstanceId, ExecutionId = instance.ExecutionId },
                TaskId = id,
                TaskExecutionId = taskExecutionId,
            },
        };
        _activities[token] = new PendingActivity(token, instance.InstanceId, instance.ExecutionId, id, taskExecutionId, item);
        Hand(item);
    }

    private void CreateTimer(TaskHubInstance instance, int id, CreateTimerAction timer)
    {
        var created = new TimerCreatedEvent { FireAt = timer.FireAt };
        if (timer.HasName)
        {
            created.Name = timer.Name;
        }
        switch (timer.OriginCase)
        {
            case CreateTimerAction.OriginOneofCase.CreateTimer:
                created.CreateTimer = timer.CreateTimer;
                break;
            case CreateTimerAction.OriginOneofCase.ExternalEvent:
                created.ExternalEvent = timer.ExternalEvent;
                break;
            case CreateTimerAction.OriginOneofCase.ActivityRetry:
                created.ActivityRetry = timer.ActivityRetry;
                break;
            case CreateTimerAction.OriginOneofCase.ChildWorkflowRetry:
                created.ChildWorkflowRetry = timer.ChildWorkflowRetry;
                break;
            default:
                break;
        }
        instance.History.Add(new HistoryEvent { EventId = id, Timestamp = Now(), TimerCreated = created });
        ArmTimer(instance, id, timer.FireAt);
    }

    private void ArmTimer(TaskHubInstance instance, int id, Google.Protobuf.WellKnownTypes.Timestamp due)
    {
        var fireAt = due.ToDateTimeOffset();
        // The SDK marks "wait for an event with no timeout" with a timer at the end of time: it never fires.
        if (fireAt.Year >= 9999)
        {
            return;
        }
        var instanceId = instance.InstanceId;
        var executionId = instance.ExecutionId;
        _timers.At(fireAt, () =>
        {
            lock (_gate)
            {
                if (_instances.TryGetValue(instanceId, out var current) && current.ExecutionId == executionId && !current.IsTerminal)
                {
                    current.Inbox.Add(new HistoryEvent
                    {
                        EventId = -1,
                        Timestamp = Now(),
                        TimerFired = new TimerFiredEvent { FireAt = due, TimerId = id },
                    });
                    Dispatch(current);
                    Observe(Persist());
                }
            }
        });
    }

    private void StartChild(TaskHubInstance instance, int id, CreateChildWorkflowAction child)
    {
        instance.History.Add(new HistoryEvent
        {
            EventId = id,
            Timestamp = Now(),
            ChildWorkflowInstanceCreated = new ChildWorkflowInstanceCreatedEvent
            {
                InstanceId = child.InstanceId,
                Name = child.Name,
                Version = child.Version,
                Input = child.Input,
            },
        });
        if (_instances.TryGetValue(child.InstanceId, out var existing) && !existing.IsTerminal)
        {
            instance.Inbox.Add(new HistoryEvent
            {
                EventId = -1,
                Timestamp = Now(),
                ChildWorkflowInstanceFailed = new ChildWorkflowInstanceFailedEvent
                {
                    TaskScheduledId = id,
                    FailureDetails = new TaskFailureDetails
                    {
                        ErrorType = "InstanceAlreadyExists",
                        ErrorMessage = $"Child workflow instance '{child.InstanceId}' already exists and is {existing.Status}.",
                        IsNonRetriable = true,
                    },
                },
            });
            return;
        }
        var parent = new ParentInstanceInfo
        {
            TaskScheduledId = id,
            Name = instance.Name,
            Version = instance.Version,
            WorkflowInstance = new WorkflowInstance { InstanceId = instance.InstanceId, ExecutionId = instance.ExecutionId },
        };
        instance.Children.Add(child.InstanceId);
        Create(child.InstanceId, child.Name, child.Version, child.Input, parent, scheduledStart: null, [], trace: null, _time.GetUtcNow());
    }

    private void StartDetached(TaskHubInstance instance, int id, CreateDetachedWorkflowAction detached)
    {
        instance.History.Add(new HistoryEvent
        {
            EventId = id,
            Timestamp = Now(),
            DetachedWorkflowInstanceCreated = new DetachedWorkflowInstanceCreatedEvent { InstanceId = detached.InstanceId },
        });
        if (_instances.TryGetValue(detached.InstanceId, out var existing) && !existing.IsTerminal)
        {
            return;
        }
        Create(detached.InstanceId, detached.Name, detached.Version, detached.Input, parent: null,
            detached.ScheduledStartTimestamp?.ToDateTimeOffset(), detached.Tags, detached.ParentTraceContext, _time.GetUtcNow());
    }

    private void SendEvent(TaskHubInstance instance, int id, SendEventAction send)
    {
        instance.History.Add(new HistoryEvent
        {
            EventId = id,
            Timestamp = Now(),
            EventSent = new EventSentEvent { InstanceId = send.Instance.InstanceId, Name = send.Name, Input = send.Data },
        });
        if (_instances.TryGetValue(send.Instance.InstanceId, out var target) && !target.IsTerminal)
        {
            target.Inbox.Add(new HistoryEvent
            {
                EventId = -1,
                Timestamp = Now(),
                EventRaised = new EventRaisedEvent { Name = send.Name, Input = send.Data },
            });
            Dispatch(target);
        }
    }

    private void Complete(TaskHubInstance instance, CompleteWorkflowAction complete)
    {
        switch (complete.WorkflowStatus)
        {
            case OrchestrationStatus.ContinuedAsNew:
                ContinueAsNew(instance, complete);
                break;
            case OrchestrationStatus.Stalled:
                instance.Status = OrchestrationStatus.Stalled;
                break;
            default:
                if (IsOverLimit(complete.Result))
                {
                    Finish(instance, OrchestrationStatus.Failed, output: null, new TaskFailureDetails
                    {
                        ErrorType = "PayloadTooLarge",
                        ErrorMessage = $"The workflow's output is larger than the backend's limit of {_options.MaxPayloadBytes} bytes.",
                        IsNonRetriable = true,
                    });
                    break;
                }
                Finish(instance, complete.WorkflowStatus, complete.Result, complete.FailureDetails);
                break;
        }
    }

    /// <summary>A new execution of the same instance: fresh history and id, the carried-over events first in its inbox.</summary>
    private void ContinueAsNew(TaskHubInstance instance, CompleteWorkflowAction complete)
    {
        instance.ExecutionId = NewToken();
        instance.Input = complete.Result;
        instance.History.Clear();
        var started = new HistoryEvent
        {
            EventId = -1,
            Timestamp = Now(),
            ExecutionStarted = new ExecutionStartedEvent
            {
                Name = instance.Name,
                Version = instance.Version,
                Input = complete.Result,
                WorkflowInstance = new WorkflowInstance { InstanceId = instance.InstanceId, ExecutionId = instance.ExecutionId },
                ParentInstance = instance.Parent,
            },
        };
        instance.Inbox.InsertRange(0, [started, .. complete.CarryoverEvents]);
        instance.Status = OrchestrationStatus.Running;
    }

    private static RpcException Stale(string instanceId) => new(new Status(StatusCode.FailedPrecondition,
        $"The work item for '{instanceId}' is no longer current (completed already, or its instance ended or was purged)."));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a stale {Kind} completion for {InstanceId}")]
    private static partial void LogStaleCompletion(ILogger logger, string kind, string instanceId);
}
