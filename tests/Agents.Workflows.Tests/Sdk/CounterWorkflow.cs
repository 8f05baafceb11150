using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

internal sealed class CounterWorkflow : Workflow<int, int>
{
    public override async Task<int> RunAsync(WorkflowContext context, int input)
    {
        var next = await context.CallActivityAsync<int>(nameof(AddOneActivity), input);
        if (next < 3)
        {
            context.ContinueAsNew(next);
        }
        return next;
    }
}
