using System.Text.Json.Serialization;

namespace Agents.Workflows.Journal;

/// <summary>
/// One entry of an instance's history. Payloads are JSON text, so the journal never needs the user's
/// types. Task ids are the sequence numbers of the workflow code's own calls: the replay matches by them.
/// These shapes are durable: add new types rather than changing existing ones.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$e")]
[JsonDerivedType(typeof(ExecutionStarted), "start")]
[JsonDerivedType(typeof(ActivityScheduled), "act")]
[JsonDerivedType(typeof(TaskCompleted), "done")]
[JsonDerivedType(typeof(TaskFailed), "fail")]
[JsonDerivedType(typeof(TimerCreated), "timer")]
[JsonDerivedType(typeof(TimerFired), "fired")]
[JsonDerivedType(typeof(ChildScheduled), "child")]
[JsonDerivedType(typeof(EventRaised), "event")]
[JsonDerivedType(typeof(ExecutionTerminated), "term")]
[JsonDerivedType(typeof(ExecutionSuspended), "susp")]
[JsonDerivedType(typeof(ExecutionResumed), "res")]
[JsonDerivedType(typeof(EventSent), "sent")]
internal abstract record HistoryEvent
{
    /// <summary>When the turn that consumed or produced the event ran; the workflow's clock on replay.</summary>
    public DateTimeOffset Timestamp { get; init; }
}

internal sealed record ExecutionStarted(string Name, string? Input, string? ParentInstanceId = null, int? ParentTaskId = null, string? ParentExecutionId = null) : HistoryEvent;

internal sealed record ActivityScheduled(int TaskId, string Name, string? Input) : HistoryEvent;

/// <summary>An activity or a child workflow finished with a result.</summary>
internal sealed record TaskCompleted(int TaskId, string? Result) : HistoryEvent;

/// <summary>An activity or a child workflow failed.</summary>
internal sealed record TaskFailed(int TaskId, WorkflowTaskFailureDetails Failure) : HistoryEvent;

internal sealed record TimerCreated(int TaskId, DateTimeOffset FireAt) : HistoryEvent;

internal sealed record TimerFired(int TaskId) : HistoryEvent;

internal sealed record ChildScheduled(int TaskId, string Name, string ChildInstanceId, string? Input) : HistoryEvent;

internal sealed record EventRaised(string Name, string? Payload) : HistoryEvent;

internal sealed record ExecutionTerminated(string? Output) : HistoryEvent;

internal sealed record ExecutionSuspended(string? Reason) : HistoryEvent;

internal sealed record ExecutionResumed(string? Reason) : HistoryEvent;

/// <summary>The workflow sent an event to another instance (recorded so a replay does not send it again).</summary>
internal sealed record EventSent(int TaskId, string TargetInstanceId, string Name, string? Payload) : HistoryEvent;
