namespace Agents.Workflows.Backend;

/// <summary>
/// A store several backend processes share (PostgreSQL). Each process owns the instances it created or took over,
/// under a lease it renews; only the owner writes an instance. Everything a process does to an instance it does
/// not own goes through the store: reads from the stored records, changes as messages the owner applies.
/// </summary>
internal interface ISharedTaskHubStore : ITaskHubStore
{
    /// <summary>This process's name among the owners.</summary>
    string Owner { get; }

    /// <summary>
    /// Renews the lease (throws <see cref="TaskHubLeaseLostException"/> when another process took it), takes over the
    /// instances of owners whose lease ran out, and returns them with the messages waiting for this owner's instances.
    /// </summary>
    Task<SharedStoreTick> TickAsync(bool renew, CancellationToken cancellationToken);

    /// <summary>The owner of an instance, or null when no process has it.</summary>
    Task<string?> OwnerOfAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims an instance id for this owner before the instance is created, atomically: null when claimed (new, or
    /// already this owner's), else the process that has it.
    /// </summary>
    Task<string?> ClaimAsync(string instanceId, long createdTicks, CancellationToken cancellationToken);

    /// <summary>An instance as its records say, whoever owns it; null when it does not exist.</summary>
    Task<StoredInstance?> ReadAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Instance ids of every owner, newest first; the token is the one the previous page returned.</summary>
    Task<(IReadOnlyList<string> Ids, string? Next)> ListAsync(string? token, int size, CancellationToken cancellationToken);

    /// <summary>Leaves a change for an instance another process owns.</summary>
    Task SendAsync(string instanceId, TaskHubMessage message, CancellationToken cancellationToken);

    /// <summary>Removes messages once what they asked for is durable.</summary>
    Task AcknowledgeAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken);
}
