namespace Agents.Llm.Tests;

/// <summary>A clock that moves only when a test advances it; tests wait for timers to be scheduled instead of sleeping.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Seen)> _waiters = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes when a timer with a due time matching <paramref name="match"/> is (or was) scheduled.</summary>
    public Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match, TimeSpan timeout)
    {
        lock (_gate)
        {
            var existing = _timers.FirstOrDefault(t => t.DueAt is not null && match(t.DueTime));
            if (existing is not null)
            {
                return Task.FromResult(existing.DueTime);
            }
            var seen = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, seen));
            return seen.Task.WaitAsync(timeout);
        }
    }

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            _now += by;
            due = [.. _timers.Where(t => t.DueAt <= _now)];
        }
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Scheduled(ManualTimer timer, TimeSpan dueTime)
    {
        List<TaskCompletionSource<TimeSpan>> matched = [];
        lock (_gate)
        {
            if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
            }
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(dueTime))
                {
                    matched.Add(_waiters[i].Seen);
                    _waiters.RemoveAt(i);
                }
            }
        }
        matched.ForEach(m => m.TrySetResult(dueTime));
    }

    private void Removed(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; private set; }

        public TimeSpan DueTime { get; private set; }

        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                DueAt = null;
                owner.Removed(this);
                return true;
            }
            DueTime = dueTime;
            DueAt = owner.GetUtcNow() + dueTime;
            owner.Scheduled(this, dueTime);
            return true;
        }

        public void Fire()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                Change(_period, _period);
            }
            else
            {
                DueAt = null;
                owner.Removed(this);
            }
            callback(state);
        }

        public void Dispose()
        {
            DueAt = null;
            owner.Removed(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
