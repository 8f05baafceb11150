using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

internal sealed class RetryWorkflow : Workflow<int, int>
{
    private static readonly WorkflowTaskOptions ThreeAttempts = new(new WorkflowRetryPolicy(
        maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromMilliseconds(10)));

    public override Task<int> RunAsync(WorkflowContext context, int input) =>
        context.CallActivityAsync<int>(nameof(FlakyActivity), input, ThreeAttempts);
}
