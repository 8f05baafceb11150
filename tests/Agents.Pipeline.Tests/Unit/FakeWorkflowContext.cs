using Dapr.Workflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agents.Pipeline.Tests.Unit;

/// <summary>
/// Runs workflow code without a runtime: activities answer from a function, external events from a queue (or time out
/// when it is empty). Records the activity calls and the last custom status.
/// </summary>
internal sealed class FakeWorkflowContext(Func<string, object?, object?> activities) : WorkflowContext
{
    private int _guids;

    public List<(string Name, object? Input)> Calls { get; } = [];

    public Queue<object> Events { get; } = new();

    public List<string> AwaitedEvents { get; } = [];

    public object? CustomStatus { get; private set; }

    public override string Name => "FullSdlcWorkflow";

    public override string InstanceId => "run1";

    public override DateTime CurrentUtcDateTime { get; } = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public override bool IsReplaying => false;

    public override Task<T> CallActivityAsync<T>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        Calls.Add((name, input));
        try
        {
            return Task.FromResult((T)activities(name, input)!);
        }
        catch (InvalidOperationException ex)
        {
            return Task.FromException<T>(new WorkflowTaskFailedException(ex.Message, new WorkflowTaskFailureDetails(ex.GetType().FullName!, ex.Message)));
        }
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task<T> WaitForExternalEventAsync<T>(string eventName, CancellationToken cancellationToken = default) =>
        WaitForExternalEventAsync<T>(eventName, Timeout.InfiniteTimeSpan);

    public override Task<T> WaitForExternalEventAsync<T>(string eventName, TimeSpan timeout)
    {
        AwaitedEvents.Add(eventName);
        return Events.TryDequeue(out var next) ? Task.FromResult((T)next) : Task.FromException<T>(new TaskCanceledException("timed out"));
    }

    public override Task<TResult> CallChildWorkflowAsync<TResult>(string workflowName, object? input = null, ChildWorkflowTaskOptions? options = null) =>
        throw new NotSupportedException();

    public override void SendEvent(string instanceId, string eventName, object? payload) => throw new NotSupportedException();

    public override void SetCustomStatus(object? customStatus) => CustomStatus = customStatus;

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => throw new NotSupportedException();

    public override Guid NewGuid() => new(++_guids, 0, 0, new byte[8]);

    public override ILogger CreateReplaySafeLogger(string categoryName) => NullLogger.Instance;

    public override ILogger CreateReplaySafeLogger(Type type) => NullLogger.Instance;

    public override ILogger<T> CreateReplaySafeLogger<T>() => NullLogger<T>.Instance;

    public override bool IsPatched(string patchName) => true;

    public override PropagatedHistory? GetPropagatedHistory() => null;
}
