using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

/// <summary>Fails until it has been called <c>input</c> times for its instance, then returns the attempt count.</summary>
internal sealed class FlakyActivity(ActivityRuns runs) : WorkflowActivity<int, int>
{
    public override Task<int> RunAsync(WorkflowActivityContext context, int input)
    {
        var attempt = runs.Record(context.InstanceId);
        return attempt <= input
            ? throw new InvalidOperationException($"attempt {attempt} fails")
            : Task.FromResult(attempt);
    }
}
