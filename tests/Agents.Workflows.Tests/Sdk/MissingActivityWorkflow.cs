using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

internal sealed class MissingActivityWorkflow : Workflow<string, string>
{
    public override Task<string> RunAsync(WorkflowContext context, string input) =>
        context.CallActivityAsync<string>("NoSuchActivity", input);
}
