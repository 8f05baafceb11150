using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

/// <summary>Input "catch": returns the failed activity's failure details; anything else: lets the failure end the workflow.</summary>
internal sealed class FailureWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        if (input != "catch")
        {
            return await context.CallActivityAsync<string>(nameof(ThrowingActivity), input);
        }
        try
        {
            return await context.CallActivityAsync<string>(nameof(ThrowingActivity), "boom");
        }
        catch (WorkflowTaskFailedException ex)
        {
            return $"{ex.FailureDetails.ErrorType}|{ex.FailureDetails.ErrorMessage}";
        }
    }
}
