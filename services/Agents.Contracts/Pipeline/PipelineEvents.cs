using System.Text.Json.Serialization;

namespace Agents.Contracts;

/// <summary>
/// Progress of a run, published by activities to <c>IPipelineEventPublisher</c> and streamed as Server-Sent Events.
/// <see cref="Id"/> is deterministic per run, step and attempt, so a re-run activity's duplicate is dropped.
/// Serialised with a <c>type</c> discriminator (the record name without <c>Event</c>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PipelineStartedEvent), "PipelineStarted")]
[JsonDerivedType(typeof(StepStartedEvent), "StepStarted")]
[JsonDerivedType(typeof(StepCompletedEvent), "StepCompleted")]
[JsonDerivedType(typeof(ApprovalRequestedEvent), "ApprovalRequested")]
[JsonDerivedType(typeof(ApprovalReceivedEvent), "ApprovalReceived")]
[JsonDerivedType(typeof(IterationFailedEvent), "IterationFailed")]
[JsonDerivedType(typeof(PipelineCompletedEvent), "PipelineCompleted")]
[JsonDerivedType(typeof(PipelineFailedEvent), "PipelineFailed")]
[JsonDerivedType(typeof(PipelineTerminatedEvent), "PipelineTerminated")]
public abstract record PipelineEvent(string Id, string RunId, DateTimeOffset Timestamp)
{
    /// <summary>The SSE event name: the discriminator.</summary>
    [JsonIgnore]
    public string Type => GetType().Name.EndsWith("Event", StringComparison.Ordinal) ? GetType().Name[..^"Event".Length] : GetType().Name;

    /// <summary>True for the events that end a run.</summary>
    [JsonIgnore]
    public bool IsFinal => this is PipelineCompletedEvent or PipelineFailedEvent or PipelineTerminatedEvent;
}

public sealed record PipelineStartedEvent(string Id, string RunId, DateTimeOffset Timestamp, string Language, int MaxIterations, string Approval)
    : PipelineEvent(Id, RunId, Timestamp);

public sealed record StepStartedEvent(string Id, string RunId, DateTimeOffset Timestamp, string Step, int Attempt)
    : PipelineEvent(Id, RunId, Timestamp);

/// <param name="Summary">One line on what the step produced.</param>
/// <param name="ArtifactKey">Where its output is stored.</param>
public sealed record StepCompletedEvent(string Id, string RunId, DateTimeOffset Timestamp, string Step, int Attempt, string Summary, string? ArtifactKey)
    : PipelineEvent(Id, RunId, Timestamp);

public sealed record ApprovalRequestedEvent(string Id, string RunId, DateTimeOffset Timestamp, int Attempt, string PlanKey)
    : PipelineEvent(Id, RunId, Timestamp);

public sealed record ApprovalReceivedEvent(string Id, string RunId, DateTimeOffset Timestamp, int Attempt, bool Approved, string? Reason)
    : PipelineEvent(Id, RunId, Timestamp);

public sealed record IterationFailedEvent(string Id, string RunId, DateTimeOffset Timestamp, int Iteration, double TrustScore, int TestsFailed, string Summary)
    : PipelineEvent(Id, RunId, Timestamp);

public sealed record PipelineCompletedEvent(string Id, string RunId, DateTimeOffset Timestamp, int Iterations, double TrustScore, UsageTotals Usage)
    : PipelineEvent(Id, RunId, Timestamp);

public sealed record PipelineFailedEvent(string Id, string RunId, DateTimeOffset Timestamp, string Reason, int Iterations)
    : PipelineEvent(Id, RunId, Timestamp);

public sealed record PipelineTerminatedEvent(string Id, string RunId, DateTimeOffset Timestamp, string Reason)
    : PipelineEvent(Id, RunId, Timestamp);
