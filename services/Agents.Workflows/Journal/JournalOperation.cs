using System.Text.Json.Serialization;

namespace Agents.Workflows.Journal;

/// <summary>
/// A change to the in-process journal state. The file journal logs these and re-applies them on start,
/// so applying must depend only on the state and the operation (ids are assigned in apply order).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$op")]
[JsonDerivedType(typeof(CreateOperation), "create")]
[JsonDerivedType(typeof(SendOperation), "send")]
[JsonDerivedType(typeof(PurgeOperation), "purge")]
[JsonDerivedType(typeof(CommitOperation), "commit")]
[JsonDerivedType(typeof(CompleteOperation), "complete")]
[JsonDerivedType(typeof(RestoreInstanceOperation), "restore")]
[JsonDerivedType(typeof(RestoreActivityOperation), "restoreActivity")]
internal abstract record JournalOperation;

internal sealed record CreateOperation(InstanceRecord Instance, WorkflowMessage Start) : JournalOperation;

internal sealed record SendOperation(WorkflowMessage Message) : JournalOperation;

internal sealed record PurgeOperation(string InstanceId) : JournalOperation;

internal sealed record CommitOperation(IReadOnlyList<WorkflowTurn> Turns) : JournalOperation;

internal sealed record CompleteOperation(IReadOnlyList<ActivityOutcome> Outcomes) : JournalOperation;

/// <summary>Compaction: one instance as it stands (a finished instance without its history, which nothing reads any more).</summary>
internal sealed record RestoreInstanceOperation(InstanceRecord Instance, IReadOnlyList<HistoryEvent> History, IReadOnlyList<WorkflowMessage> Inbox, long NextMessageId) : JournalOperation;

/// <summary>Compaction: one unfinished activity task.</summary>
internal sealed record RestoreActivityOperation(ActivityTask Task) : JournalOperation;
