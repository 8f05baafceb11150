using Dapr.Workflow;

// Not under Agents.Workflows: there, Workflow<,> and friends would bind to our mirror types, not the SDK's.
namespace Agents.SdkWorkflows.Tests;

internal sealed class SenderWorkflow : Workflow<string, bool>
{
    public override Task<bool> RunAsync(WorkflowContext context, string input)
    {
        context.SendEvent(input, "approval", "from-sender");
        return Task.FromResult(true);
    }
}
