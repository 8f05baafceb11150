using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

/// <summary>Adds one; counts its runs so a test can see an activity ran once per step.</summary>
internal sealed class AddOneActivity(ActivityRuns runs) : WorkflowActivity<int, int>
{
    public override Task<int> RunAsync(WorkflowActivityContext context, int input)
    {
        runs.Record(nameof(AddOneActivity));
        return Task.FromResult(input + 1);
    }
}
