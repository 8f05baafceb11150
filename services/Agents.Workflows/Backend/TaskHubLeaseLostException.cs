namespace Agents.Workflows.Backend;

/// <summary>
/// This process's lease on the shared store ended and another process took its instances over (it stalled longer
/// than the lease, or another process started under the same owner name): it may not write any more.
/// </summary>
public sealed class TaskHubLeaseLostException(string owner)
    : Exception($"The workflow backend '{owner}' lost its lease on the workflow database to another process; its instances are run there now. Restart this process to serve again.")
{
    public string Owner { get; } = owner;
}
