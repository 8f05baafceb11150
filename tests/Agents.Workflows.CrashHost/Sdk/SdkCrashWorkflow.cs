using Agents.Workflows.CrashHost;
using Dapr.Workflow;

namespace Agents.SdkCrashHost;

/// <summary>The crash workflow on the real Dapr.Workflow SDK: fan-out, a timer, a chain and an external event.</summary>
internal sealed class SdkCrashWorkflow : Workflow<int, CrashOutput>
{
    public override async Task<CrashOutput> RunAsync(WorkflowContext context, int input)
    {
        var fanned = await Task.WhenAll(Enumerable.Range(0, 5).Select(k =>
            context.CallActivityAsync<StepResult>(nameof(SdkStepActivity), new StepInput($"{context.InstanceId}/f{k}", input * 10 + k))));
        await context.CreateTimer(TimeSpan.FromMilliseconds(50));
        var value = fanned.Sum(r => r.Value);
        var steps = fanned.ToList();
        for (var k = 0; k < 3; k++)
        {
            var next = await context.CallActivityAsync<StepResult>(nameof(SdkStepActivity), new StepInput($"{context.InstanceId}/c{k}", value + 1));
            value = next.Value;
            steps.Add(next);
        }
        await context.WaitForExternalEventAsync<string>("go");
        return new CrashOutput(value, [.. steps.Select(s => $"{s.Key}={s.Nonce}")]);
    }
}
