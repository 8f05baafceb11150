using Agents.Workflows.Backend;

namespace Agents.Pipeline.Hosting;

/// <summary>
/// Whether this process runs pipelines. It does not when its data folder belongs to another process or the runtime
/// cannot start; the rest of the host keeps serving and the pipeline API answers 503 with <see cref="Problem"/>.
/// </summary>
public sealed class PipelineRuntime
{
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private int _activities;
    private TaskCompletionSource? _idle;
    private volatile string? _problem;

    /// <summary>The data folder this process locks (file storage), or null with PostgreSQL.</summary>
    public string? DataDirectory { get; init; }

    public string? Problem => _problem ?? Backend?.Fault;

    /// <summary>The embedded backend once started; null before, and with a Dapr sidecar.</summary>
    internal EmbeddedTaskHub? Backend { get; set; }

    /// <summary>Completes once the runtime has started or has been disabled (then <see cref="Problem"/> says why).</summary>
    internal Task WaitUntilStartedAsync(CancellationToken cancellationToken) => _settled.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Cancelled once the SDK's worker has stopped on shutdown: an activity that stops on it then reports nothing
    /// (the worker no longer sends), so it is not recorded as failed and runs again after the restart.
    /// </summary>
    internal CancellationToken Stopping => _stopping.Token;

    internal void Stop() => _stopping.Cancel();

    /// <summary>
    /// Marks an activity that stops on <see cref="Stopping"/> as running, until disposed: shutdown waits for it to
    /// have stopped, or the process would exit before the activity has cleaned up (killed its sandbox run).
    /// </summary>
    internal IDisposable EnterActivity()
    {
        lock (_gate)
        {
            _activities++;
        }
        return new ActivityRun(this);
    }

    /// <summary>Completes when no activity entered with <see cref="EnterActivity"/> is running.</summary>
    internal Task WhenActivitiesStoppedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_activities == 0)
            {
                return Task.CompletedTask;
            }
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    internal void MarkStarted() => _settled.TrySetResult();

    private void ExitActivity()
    {
        lock (_gate)
        {
            if (--_activities == 0)
            {
                _idle?.TrySetResult();
                _idle = null;
            }
        }
    }

    internal void Disable(string problem)
    {
        _problem = problem;
        _settled.TrySetResult();
    }

    private sealed class ActivityRun(PipelineRuntime runtime) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                runtime.ExitActivity();
            }
        }
    }
}
