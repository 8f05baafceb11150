using Dapr.Workflow;

// Not under Agents.Workflows: there, Workflow<,> and friends would bind to our mirror types, not the SDK's.
namespace Agents.SdkWorkflows.Tests;

internal sealed class RetryWorkflow : Workflow<int, int>
{
    private static readonly WorkflowTaskOptions ThreeAttempts = new(new WorkflowRetryPolicy(
        maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromMilliseconds(10)));

    public override Task<int> RunAsync(WorkflowContext context, int input) =>
        context.CallActivityAsync<int>(nameof(FlakyActivity), input, ThreeAttempts);
}
