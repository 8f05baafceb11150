using Dapr.Workflow;

// Not under Agents.Workflows: there, Workflow<,> and friends would bind to our mirror types, not the SDK's.
namespace Agents.SdkWorkflows.Tests;

internal sealed class StatusWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        context.SetCustomStatus("waiting for " + input);
        var value = await context.WaitForExternalEventAsync<string>(input);
        context.SetCustomStatus("got " + value);
        return value;
    }
}
