using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

internal sealed class ThrowingActivity : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, string input) =>
        throw new InvalidOperationException(input);
}
