using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

internal sealed class FanOutWorkflow : Workflow<int, int>
{
    public override async Task<int> RunAsync(WorkflowContext context, int input)
    {
        var squares = Enumerable.Range(1, input).Select(i => context.CallActivityAsync<int>(nameof(SquareActivity), i));
        return (await Task.WhenAll(squares)).Sum();
    }
}
