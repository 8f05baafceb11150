using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

internal sealed class SenderWorkflow : Workflow<string, bool>
{
    public override Task<bool> RunAsync(WorkflowContext context, string input)
    {
        context.SendEvent(input, "approval", "from-sender");
        return Task.FromResult(true);
    }
}
