using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

/// <summary>Waits for "approval": with a timeout (input, in ms) or, when the input is 0, forever.</summary>
internal sealed class ApprovalWorkflow : Workflow<int, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, int input)
    {
        if (input == 0)
        {
            return "approved:" + await context.WaitForExternalEventAsync<string>("approval");
        }
        try
        {
            return "approved:" + await context.WaitForExternalEventAsync<string>("approval", TimeSpan.FromMilliseconds(input));
        }
        catch (TaskCanceledException)
        {
            return "timed out";
        }
    }
}
