using System.Runtime.CompilerServices;

namespace Agents.Workflows.Backend;

/// <summary>
/// Runs actions at wall-clock times on the injected <see cref="TimeProvider"/>. A far time is reached in steps,
/// because one timer cannot wait longer than about 49 days.
/// </summary>
internal sealed class DueTimers(TimeProvider time) : IDisposable
{
    private static readonly TimeSpan LongestStep = TimeSpan.FromDays(1);
    private readonly HashSet<ITimer> _timers = [];
    private bool _disposed;

    public void At(DateTimeOffset when, Action action)
    {
        var delay = when - time.GetUtcNow();
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > LongestStep ? LongestStep : delay;
        var box = new StrongBox<ITimer?>();
        lock (_timers)
        {
            if (_disposed)
            {
                return;
            }
            // The callback takes this lock first, so it sees the box filled even when the delay is zero.
            box.Value = time.CreateTimer(_ => Fire(box, when, action), null, delay, Timeout.InfiniteTimeSpan);
            _timers.Add(box.Value);
        }
    }

    public void Dispose()
    {
        lock (_timers)
        {
            _disposed = true;
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }
            _timers.Clear();
        }
    }

    private void Fire(StrongBox<ITimer?> box, DateTimeOffset when, Action action)
    {
        lock (_timers)
        {
            if (box.Value is null || !_timers.Remove(box.Value))
            {
                return;
            }
            box.Value.Dispose();
        }
        if (time.GetUtcNow() < when)
        {
            At(when, action);
            return;
        }
        action();
    }
}
