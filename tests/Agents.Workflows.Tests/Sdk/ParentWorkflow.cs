using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

internal sealed class ParentWorkflow : Workflow<int, int>
{
    public override async Task<int> RunAsync(WorkflowContext context, int input) =>
        10 * await context.CallChildWorkflowAsync<int>(nameof(ChainWorkflow), input);
}
