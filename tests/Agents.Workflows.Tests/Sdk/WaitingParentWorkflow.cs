using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

/// <summary>Starts an ApprovalWorkflow child with the id it is given and waits for it.</summary>
internal sealed class WaitingParentWorkflow : Workflow<string, string>
{
    public override Task<string> RunAsync(WorkflowContext context, string input) =>
        context.CallChildWorkflowAsync<string>(nameof(ApprovalWorkflow), 0, new ChildWorkflowTaskOptions(input));
}
