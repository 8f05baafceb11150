using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

internal sealed class SquareActivity : WorkflowActivity<int, int>
{
    public override Task<int> RunAsync(WorkflowActivityContext context, int input) => Task.FromResult(input * input);
}
