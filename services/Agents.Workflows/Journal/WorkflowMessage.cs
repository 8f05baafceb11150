namespace Agents.Workflows.Journal;

/// <summary>
/// An event waiting in an instance's inbox until a turn consumes it into the history. Timers are
/// messages that become visible at their fire time. <paramref name="ExecutionId"/> ties task results
/// to one run of the instance, so a result from before a ContinueAsNew is dropped; null for
/// client messages (events, terminate, suspend, resume), which go to whatever run is current.
/// </summary>
internal sealed record WorkflowMessage(long Id, string InstanceId, string? ExecutionId, DateTimeOffset VisibleAt, HistoryEvent Event);
