namespace Agents.Workflows.Backend;

/// <summary>
/// One record for the store (<see cref="TaskHubRecords"/> bytes) with what a shared store indexes without reading
/// them: the instance, its creation time, and whether it starts the instance's history, continues it, or deletes it.
/// </summary>
internal sealed record TaskHubRecord(string InstanceId, long CreatedTicks, TaskHubRecordKind Kind, byte[] Bytes);
