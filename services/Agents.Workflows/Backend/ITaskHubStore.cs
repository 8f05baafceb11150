namespace Agents.Workflows.Backend;

/// <summary>
/// Where the backend's records go: an ordered log of <see cref="TaskHubRecords"/>, read back whole on start and
/// then replaced by one record per live instance. Appends are acknowledged only once durable.
/// </summary>
internal interface ITaskHubStore : IAsyncDisposable
{
    Dictionary<string, StoredInstance> Load();

    /// <summary>Replaces the log with <paramref name="records"/> atomically and opens it for appends.</summary>
    void Compact(IReadOnlyList<TaskHubRecord> records);

    /// <summary>Queues a record (call in commit order); the task completes once it is durable.</summary>
    Task AppendAsync(TaskHubRecord record);
}
