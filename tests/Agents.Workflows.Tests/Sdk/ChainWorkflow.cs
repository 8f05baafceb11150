using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

internal sealed class ChainWorkflow : Workflow<int, int>
{
    public override async Task<int> RunAsync(WorkflowContext context, int input)
    {
        var value = input;
        for (var i = 0; i < 3; i++)
        {
            value = await context.CallActivityAsync<int>(nameof(AddOneActivity), value);
        }
        return value;
    }
}
