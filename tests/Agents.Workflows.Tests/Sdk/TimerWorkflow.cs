using Dapr.Workflow;

// Not under Agents.Workflows: there, Workflow<,> and friends would bind to our mirror types, not the SDK's.
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
