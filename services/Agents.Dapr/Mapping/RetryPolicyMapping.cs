using Agents.Workflows;

namespace Agents.Dapr.Mapping;

/// <summary>
/// Our <see cref="WorkflowRetryPolicy"/> as the values Dapr's policy takes, with the same retry delays.
/// Dapr rejects combinations ours accepts (a maximum interval or a retry timeout shorter than the first
/// interval), so those are rewritten to what our embedded runtime does with them.
/// </summary>
internal static class RetryPolicyMapping
{
    /// <summary>The Dapr values, or null when the policy can never retry (then no Dapr policy is passed at all).</summary>
    public static DaprRetryValues? ToDapr(WorkflowRetryPolicy? policy)
    {
        if (policy is null || policy.MaxNumberOfAttempts <= 1)
        {
            return null;
        }
        // Ours caps every delay at MaxRetryInterval, the first one included; capping the first interval
        // gives Dapr the same delays without tripping its "max < first" check.
        var first = policy.FirstRetryInterval < policy.MaxRetryInterval ? policy.FirstRetryInterval : policy.MaxRetryInterval;
        TimeSpan? timeout = policy.RetryTimeout == Timeout.InfiniteTimeSpan ? null : policy.RetryTimeout;
        // Ours gives up when the next retry would start after the timeout, so a timeout shorter than the
        // first delay means "never retry"; Dapr would throw on it instead.
        if (timeout is { } limit && limit < first)
        {
            return null;
        }
        return new DaprRetryValues(policy.MaxNumberOfAttempts, first, policy.BackoffCoefficient, policy.MaxRetryInterval, timeout);
    }
}
