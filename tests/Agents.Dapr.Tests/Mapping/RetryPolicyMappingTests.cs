using Agents.Dapr.Mapping;
using Agents.Workflows;

namespace Agents.Dapr.Tests.Mapping;

public sealed class RetryPolicyMappingTests
{
    [Fact]
    public void ToDapr_NoPolicy_IsNull() => Assert.Null(RetryPolicyMapping.ToDapr(null));

    [Fact]
    public void ToDapr_SingleAttempt_IsNullBecauseItNeverRetries() =>
        Assert.Null(RetryPolicyMapping.ToDapr(new WorkflowRetryPolicy(1, TimeSpan.FromSeconds(1))));

    [Fact]
    public void ToDapr_OrdinaryPolicy_KeepsEveryValue()
    {
        var policy = new WorkflowRetryPolicy(5, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));

        var values = RetryPolicyMapping.ToDapr(policy);

        Assert.Equal(new DaprRetryValues(5, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)), values);
    }

    [Fact]
    public void ToDapr_Defaults_PassOneHourCapAndNoTimeout()
    {
        var values = RetryPolicyMapping.ToDapr(new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(1)));

        Assert.NotNull(values);
        Assert.Equal(TimeSpan.FromHours(1), values.MaxRetryInterval);
        Assert.Null(values.RetryTimeout);
        Assert.Equal(1.0, values.BackoffCoefficient);
    }

    [Fact]
    public void ToDapr_MaxIntervalBelowFirst_CapsFirstSoDelaysStayTheSame()
    {
        // Ours: every delay is min(first * c^n, max) = max. Dapr rejects max < first, so first becomes max.
        var policy = new WorkflowRetryPolicy(4, TimeSpan.FromMinutes(5), 2.0, TimeSpan.FromMinutes(1));

        var values = RetryPolicyMapping.ToDapr(policy);

        Assert.NotNull(values);
        Assert.Equal(TimeSpan.FromMinutes(1), values.FirstRetryInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), values.MaxRetryInterval);
        Assert.True(values.MaxRetryInterval >= values.FirstRetryInterval);
    }

    [Fact]
    public void ToDapr_TimeoutShorterThanFirstDelay_IsNullBecauseNoRetryCouldStart()
    {
        var policy = new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(30), retryTimeout: TimeSpan.FromSeconds(10));

        Assert.Null(RetryPolicyMapping.ToDapr(policy));
    }

    [Fact]
    public void ToDapr_TimeoutEqualToFirstDelay_IsKept()
    {
        var policy = new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(10), retryTimeout: TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(10), RetryPolicyMapping.ToDapr(policy)?.RetryTimeout);
    }
}
