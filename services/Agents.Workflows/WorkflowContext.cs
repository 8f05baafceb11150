using Microsoft.Extensions.Logging;

namespace Agents.Workflows;

/// <summary>
/// What workflow code may use. Everything here is recorded in or derived from the journal, so a replay
/// sees the same values. Mirrors <c>Dapr.Workflow.WorkflowContext</c>.
/// </summary>
public abstract class WorkflowContext
{
    /// <summary>The workflow's registered name.</summary>
    public abstract string Name { get; }

    /// <summary>The instance id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The time of the current step, the same on every replay. Use instead of <c>DateTime.UtcNow</c>.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the code re-runs steps already in the journal.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>Calls an activity; completes when it finished (its result is recorded before the workflow sees it).</summary>
    public virtual Task CallActivityAsync(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        CallActivityAsync<object>(name, input, options);

    /// <summary>Calls an activity and returns its result. Throws <see cref="WorkflowTaskFailedException"/> when it failed after any retries.</summary>
    public abstract Task<T> CallActivityAsync<T>(string name, object? input = null, WorkflowTaskOptions? options = null);

    /// <summary>A durable timer that fires after <paramref name="delay"/> (measured from <see cref="CurrentUtcDateTime"/>).</summary>
    public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken = default) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>A durable timer that fires at <paramref name="fireAt"/> (UTC).</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Waits for an external event (names are case-insensitive); an event that arrived earlier is delivered at once.</summary>
    public abstract Task<T> WaitForExternalEventAsync<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an external event at most <paramref name="timeout"/>; throws <see cref="TaskCanceledException"/> on timeout.</summary>
    public abstract Task<T> WaitForExternalEventAsync<T>(string eventName, TimeSpan timeout);

    /// <summary>Starts a child workflow and returns its output.</summary>
    public abstract Task<TResult> CallChildWorkflowAsync<TResult>(string workflowName, object? input = null, ChildWorkflowTaskOptions? options = null);

    /// <summary>Starts a child workflow and waits for it.</summary>
    public virtual Task CallChildWorkflowAsync(string workflowName, object? input = null, ChildWorkflowTaskOptions? options = null) =>
        CallChildWorkflowAsync<object>(workflowName, input, options);

    /// <summary>
    /// Sends an event to another instance (delivered once, even though this code may replay). Virtual, not
    /// abstract, so contexts written before it (test fakes, adapters) keep compiling; they throw until they add it.
    /// </summary>
    public virtual void SendEvent(string instanceId, string eventName, object? payload) =>
        throw new NotSupportedException($"{GetType().Name} does not support SendEvent.");

    /// <summary>Sets a JSON-serializable status readable by clients (<see cref="WorkflowState.ReadCustomStatusAs{T}"/>).</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>
    /// Restarts the instance with a new input and an empty history once the current run returns; keeps
    /// unprocessed events when <paramref name="preserveUnprocessedEvents"/> is true.
    /// </summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A GUID that is the same on every replay. Use instead of <c>Guid.NewGuid()</c>.</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes nothing while the workflow replays.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    /// <summary>A logger that writes nothing while the workflow replays.</summary>
    public virtual ILogger CreateReplaySafeLogger(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return CreateReplaySafeLogger(type.FullName ?? type.Name);
    }

    /// <summary>A logger that writes nothing while the workflow replays.</summary>
    public virtual ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T));
}
