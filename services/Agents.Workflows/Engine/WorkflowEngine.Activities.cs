using System.Diagnostics;
using Agents.Workflows.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agents.Workflows.Engine;

internal sealed partial class WorkflowEngine
{
    private async Task ActivityLoopAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            await _activitySlots.WaitAsync(token).ConfigureAwait(false);
            var free = 1;
            while (_activitySlots.Wait(0))
            {
                free++;
            }
            IReadOnlyList<ActivityTask> tasks;
            try
            {
                tasks = await Journal.LeaseActivitiesAsync(free, _time.GetUtcNow(), token).ConfigureAwait(false);
            }
            catch
            {
                _activitySlots.Release(free);
                throw;
            }
            if (tasks.Count < free)
            {
                _activitySlots.Release(free - tasks.Count);
            }
            foreach (var task in tasks)
            {
                Interlocked.Increment(ref _runningActivities);
                _ = Task.Run(() => ExecuteActivityAsync(task), CancellationToken.None);
            }
            if (tasks.Count == 0)
            {
                await _activitySignal.WaitAsync(() => Journal.IsShared ? _options.PollInterval : null, _time, token).ConfigureAwait(false);
            }
        }
    }

    private async Task ExecuteActivityAsync(ActivityTask task)
    {
        HistoryEvent? result;
        using (var span = WorkflowTelemetry.StartActivity(task.Name, task.InstanceId))
        {
            result = await InvokeActivityAsync(task).ConfigureAwait(false);
            span?.SetStatus(result is TaskCompleted ? ActivityStatusCode.Ok : ActivityStatusCode.Error, (result as TaskFailed)?.Failure.ErrorMessage ?? (result is null ? "stopped" : null));
        }
        // After a stop the channel is closed: the result is dropped and the task runs again after the next start. An
        // activity that ended because the process is stopping (null) is dropped the same way, never recorded as failed.
        if (result is not null)
        {
            _outcomes.Writer.TryWrite(new ActivityOutcome(task, new WorkflowMessage(0, task.InstanceId, task.ExecutionId, _time.GetUtcNow(), result)));
        }
        if (Interlocked.Decrement(ref _runningActivities) == 0 && _stopping.IsCancellationRequested)
        {
            lock (_startGate)
            {
                _activitiesDrained?.TrySetResult();
            }
        }
    }

    private async Task<HistoryEvent?> InvokeActivityAsync(ActivityTask task)
    {
        var factory = _options.Registry.FindActivity(task.Name);
        if (factory is null)
        {
            return new TaskFailed(task.TaskId, new WorkflowTaskFailureDetails("Agents.Workflows.ActivityNotRegisteredException", $"No activity named '{task.Name}' is registered in this process."));
        }
        try
        {
            var scope = _services.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var activity = factory(scope.ServiceProvider);
                var input = Payloads.Deserialize(task.Input, activity.InputType);
                var output = await activity.RunAsync(new ActivityInvocationContext(task.Name, task.InstanceId, task.Key, _stopping.Token), input).ConfigureAwait(false);
                return new TaskCompleted(task.TaskId, Payloads.Serialize(output, $"result of activity '{task.Name}'"));
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            LogStoppedByShutdown(_log, task.Name, task.InstanceId);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new TaskFailed(task.TaskId, WorkflowTaskFailureDetails.From(ex));
        }
    }

    private async Task CompletionLoopAsync(CancellationToken token)
    {
        // Runs until the channel is closed at stop, so results of activities that finish during shutdown are kept.
        var reader = _outcomes.Reader;
        var batch = new List<ActivityOutcome>();
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 2048 && reader.TryRead(out var outcome))
            {
                batch.Add(outcome);
            }
            try
            {
                await Journal.CompleteActivitiesAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _activitySlots.Release(batch.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Activity {Name} of {InstanceId} was stopped by the shutdown; it runs again after the next start.")]
    private static partial void LogStoppedByShutdown(ILogger logger, string name, string instanceId);
}
