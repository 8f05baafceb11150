namespace Agents.Workflows.Tests;

public sealed class WorkflowRetryPolicyTests
{
    [Fact]
    public void DelayBeforeRetry_GrowsByTheCoefficient_CappedAtTheMaximum()
    {
        var policy = new WorkflowRetryPolicy(6, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(5));

        var delays = Enumerable.Range(1, 5).Select(policy.DelayBeforeRetry).Select(d => d.TotalSeconds);

        Assert.Equal([1, 2, 4, 5, 5], delays);
    }

    [Fact]
    public void Constructor_WithInvalidArguments_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkflowRetryPolicy(0, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkflowRetryPolicy(1, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkflowRetryPolicy(1, TimeSpan.FromSeconds(1), backoffCoefficient: 0.5));
    }

    [Fact]
    public void AddAgentsWorkflows_WithoutAJournal_ThrowsNamingTheChoices()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddAgentsWorkflows(o => o.RegisterWorkflow<GreetWorkflow>()));

        Assert.Contains("UseFileJournal", error.Message, StringComparison.Ordinal);
    }
}
