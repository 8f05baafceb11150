namespace Agents.Workflows.Engine;

/// <summary>
/// Runs workflow code one continuation at a time on the thread that drives the turn. When the queue is
/// empty after delivering an event, the workflow is blocked on tasks only the engine can complete, so the
/// turn's new steps are known and can be committed: that is what makes replay and batching deterministic.
/// </summary>
internal sealed class WorkflowSynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_queue)
        {
            _queue.Enqueue((d, state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Workflow code cannot block on synchronous calls.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="action"/> and every continuation it queues, with this context current.</summary>
    public void Run(Action action)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            action();
            while (true)
            {
                (SendOrPostCallback Callback, object? State) next;
                lock (_queue)
                {
                    if (!_queue.TryDequeue(out next))
                    {
                        return;
                    }
                }
                next.Callback(next.State);
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
