using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

/// <summary>Passes the worker's gate, then returns its input; counts its runs per worker.</summary>
internal sealed class GatedActivity(ActivityGate gate, ActivityRuns runs) : WorkflowActivity<string, string>
{
    public override async Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        runs.Record(nameof(GatedActivity));
        await gate.PassAsync();
        return "done:" + input;
    }
}
