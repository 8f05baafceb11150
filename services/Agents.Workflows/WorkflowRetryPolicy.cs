namespace Agents.Workflows;

/// <summary>
/// Retries a failed activity or child workflow with exponential backoff, using durable timers so a
/// retry survives restarts. Mirrors <c>Dapr.Workflow.WorkflowRetryPolicy</c>.
/// </summary>
public sealed class WorkflowRetryPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="maxNumberOfAttempts">Attempts in total, including the first (at least 1).</param>
    /// <param name="firstRetryInterval">Delay before the first retry (positive).</param>
    /// <param name="backoffCoefficient">Multiplier applied to the delay after each retry (at least 1).</param>
    /// <param name="maxRetryInterval">Upper bound of a single delay; unbounded when null.</param>
    /// <param name="retryTimeout">Give up retrying once this much time passed since the first attempt; unbounded when null.</param>
    public WorkflowRetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0, TimeSpan? maxRetryInterval = null, TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>Attempts in total, including the first.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Delay before the first retry.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Multiplier applied to the delay after each retry.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Upper bound of a single delay.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Overall retry budget; <see cref="Timeout.InfiniteTimeSpan"/> when unbounded.</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>The delay before retry number <paramref name="retry"/> (1 = first retry).</summary>
    internal TimeSpan DelayBeforeRetry(int retry)
    {
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, retry - 1);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
