using Agents.Workflows.Journal;
using Microsoft.Extensions.Logging;

namespace Agents.Workflows.Engine;

internal sealed partial class WorkflowEngine
{
    private async Task WorkflowLoopAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            var items = await Journal.LeaseWorkflowsAsync(_options.MaxConcurrentWorkflows, now, token).ConfigureAwait(false);
            if (items.Count == 0)
            {
                await _workflowSignal.WaitAsync(SleepTime, _time, token).ConfigureAwait(false);
                continue;
            }
            var turns = new List<WorkflowTurn>(items.Count);
            try
            {
                foreach (var item in items)
                {
                    turns.Add(await RunTurnAsync(item, now, token).ConfigureAwait(false));
                }
                // Not cancellable: a half-sent batch is worse than finishing it during shutdown.
                await Journal.CommitAsync(turns, CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                // The cached executors may be ahead of the journal now; drop them so the next turn replays.
                foreach (var item in items)
                {
                    _executors.Remove(item.Instance.InstanceId);
                }
                await Journal.ReleaseAsync([.. items.Select(i => i.Instance.InstanceId)], CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            foreach (var turn in turns.Where(t => t.Instance.IsTerminal))
            {
                var i = turn.Instance;
                WorkflowTelemetry.WorkflowFinished(i.Name, i.InstanceId, i.Status, i.CreatedAt, i.Failure?.ErrorMessage);
            }
        }
    }

    private async Task<WorkflowTurn> RunTurnAsync(WorkflowWorkItem item, DateTimeOffset now, CancellationToken token)
    {
        var record = item.Instance;
        var id = record.InstanceId;
        if (record.IsTerminal)
        {
            return new WorkflowTurn(record, false, [], [.. item.Messages.Select(m => m.Id)], [], [], []);
        }
        if (!_executors.TryGetValue(id, out var executor) || executor.ExecutionId != record.ExecutionId || executor.HistoryCount != record.HistoryCount)
        {
            executor = new WorkflowExecutor(record, _options.Registry.TryCreateWorkflow(record.Name, out var workflow) ? workflow : null, Payloads, _loggers);
            if (record.HistoryCount > 0)
            {
                executor.Replay(await Journal.LoadHistoryAsync(id, token).ConfigureAwait(false));
            }
            _executors[id] = executor;
        }
        executor.RunTurn(item.Messages, now);
        var steps = executor.TakeTurn();
        var (status, output, failure, next) = executor.Outcome();
        if (failure is not null)
        {
            LogFailed(_log, record.Name, id, failure.ErrorMessage);
        }

        var messages = steps.Messages;
        switch (status)
        {
            case WorkflowRuntimeStatus.ContinuedAsNew:
                _executors.Remove(id);
                var start = executor.Start!;
                var execution = Guid.NewGuid().ToString("N");
                List<WorkflowMessage> restart = [new(0, id, execution, now, new ExecutionStarted(record.Name, next!.Value.Input, start.ParentInstanceId, start.ParentTaskId, start.ParentExecutionId))];
                if (next.Value.PreserveEvents)
                {
                    restart.AddRange(executor.UnprocessedEvents().Select(e => new WorkflowMessage(0, id, null, now, e)));
                }
                var continued = record with { ExecutionId = execution, Status = WorkflowRuntimeStatus.Running, Input = next.Value.Input, Output = null, Failure = null, LastUpdatedAt = now, CustomStatus = executor.CustomStatus };
                return new WorkflowTurn(continued, true, [], steps.Consumed, steps.Activities, [.. messages, .. restart], steps.Instances);
            case WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated:
                _executors.Remove(id);
                if (status == WorkflowRuntimeStatus.Terminated)
                {
                    // Like Dapr's recursive terminate: children of a terminated instance stop too.
                    messages.AddRange(executor.RunningChildren().Select(child => new WorkflowMessage(0, child, null, now, new ExecutionTerminated(null))));
                }
                if (executor.Start is { ParentInstanceId: { } parent, ParentTaskId: { } parentTask } parentStart)
                {
                    HistoryEvent result = status == WorkflowRuntimeStatus.Completed
                        ? new TaskCompleted(parentTask, output)
                        : new TaskFailed(parentTask, new WorkflowTaskFailureDetails(failure?.ErrorType ?? "Terminated", failure?.ErrorMessage ?? $"Workflow instance '{id}' was terminated.", failure?.StackTrace));
                    messages.Add(new WorkflowMessage(0, parent, parentStart.ParentExecutionId, now, result));
                }
                break;
        }
        var updated = record with
        {
            Status = status,
            Output = output,
            Failure = failure,
            LastUpdatedAt = now,
            CustomStatus = executor.CustomStatus,
        };
        return new WorkflowTurn(updated, false, steps.History, steps.Consumed, steps.Activities, messages, steps.Instances);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {Name} ({InstanceId}) failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string name, string instanceId, string error);
}
