using Dapr.Workflow;

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
