namespace Agents.Workflows.Engine;

/// <summary>An auto-reset wake-up for a loop: <see cref="Set"/> from any thread, one waiter resumes.</summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _tcs = New();

    public void Set() => Volatile.Read(ref _tcs).TrySetResult();

    /// <summary>
    /// Waits for a <see cref="Set"/> (one that happened since the last wait counts), at most the time
    /// <paramref name="timeout"/> returns (null: no limit).
    /// </summary>
    public async Task WaitAsync(Func<TimeSpan?> timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _tcs);
        if (!current.Task.IsCompleted)
        {
            if (timeout() is { } t)
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = t > TimeSpan.Zero ? Task.Delay(t, time, cts.Token) : Task.CompletedTask;
                // The clock may have moved between computing the timeout and arming the timer: look again.
                if (timeout() is not { } again || again > TimeSpan.Zero)
                {
                    await Task.WhenAny(current.Task, delay).ConfigureAwait(false);
                }
                await cts.CancelAsync().ConfigureAwait(false);
            }
            else
            {
                await current.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        Interlocked.CompareExchange(ref _tcs, New(), current);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
