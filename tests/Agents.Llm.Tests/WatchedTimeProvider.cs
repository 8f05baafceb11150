using Microsoft.Extensions.Time.Testing;

namespace Agents.Llm.Tests;

/// <summary>
/// <see cref="FakeTimeProvider"/> plus the one thing it lacks: waiting until a timer with a given due time is
/// created, so a test can see a retry wait the exact Retry-After before it advances the clock (no sleeps).
/// </summary>
internal sealed class WatchedTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _scheduled = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Seen)> _waiters = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource<TimeSpan>> matched = [];
        lock (_gate)
        {
            _scheduled.Add(dueTime);
            matched.AddRange(_waiters.Where(w => w.Match(dueTime)).Select(w => w.Seen));
            _waiters.RemoveAll(w => w.Match(dueTime));
        }
        matched.ForEach(m => m.TrySetResult(dueTime));
        return timer;
    }

    /// <summary>Completes when a timer whose due time matches <paramref name="match"/> is (or was) created.</summary>
    public Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_scheduled.FirstOrDefault(match) is var seen && _scheduled.Any(match))
            {
                return Task.FromResult(seen);
            }
            var waiter = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, waiter));
            return waiter.Task.WaitAsync(timeout);
        }
    }
}
