namespace Agents.SdkWorkflows.Tests;

/// <summary>
/// Lets a test hold a worker inside an activity: <see cref="Entered"/> completes when the activity starts,
/// and the activity returns only once <see cref="Open"/> is called. Open from the start unless <see cref="Close"/>d.
/// </summary>
internal sealed class ActivityGate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;

    public Task Entered => _entered.Task;

    public void Close() => _closed = true;

    public void Open() => _open.TrySetResult();

    public Task PassAsync()
    {
        _entered.TrySetResult();
        return _closed ? _open.Task : Task.CompletedTask;
    }
}
