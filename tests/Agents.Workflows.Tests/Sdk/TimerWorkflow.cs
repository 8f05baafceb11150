using Dapr.Workflow;

namespace Agents.SdkWorkflows.Tests;

internal sealed class TimerWorkflow : Workflow<int, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, int input)
    {
        var before = context.CurrentUtcDateTime;
        await context.CreateTimer(TimeSpan.FromMilliseconds(input));
        return context.CurrentUtcDateTime - before >= TimeSpan.FromMilliseconds(input) ? "fired after the delay" : "fired early";
    }
}
