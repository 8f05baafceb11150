using Dapr.Workflow;

// Not under Agents.Workflows: there, Workflow<,> and friends would bind to our mirror types, not the SDK's.
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
