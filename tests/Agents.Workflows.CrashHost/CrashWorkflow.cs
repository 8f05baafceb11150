using Agents.Workflows;

namespace Agents.Workflows.CrashHost;

/// <summary>Fan-out, a timer, a chain and an external event: every kind of step a crash can interrupt.</summary>
internal sealed class CrashWorkflow : Workflow<int, CrashOutput>
{
    public override async Task<CrashOutput> RunAsync(WorkflowContext context, int input)
    {
        var fanned = await Task.WhenAll(Enumerable.Range(0, 5).Select(k =>
            context.CallActivityAsync<StepResult>(nameof(StepActivity), new StepInput($"{context.InstanceId}/f{k}", input * 10 + k))));
        await context.CreateTimer(TimeSpan.FromMilliseconds(50));
        var value = fanned.Sum(r => r.Value);
        var steps = fanned.ToList();
        for (var k = 0; k < 3; k++)
        {
            var next = await context.CallActivityAsync<StepResult>(nameof(StepActivity), new StepInput($"{context.InstanceId}/c{k}", value + 1));
            value = next.Value;
            steps.Add(next);
        }
        await context.WaitForExternalEventAsync<string>("go");
        return new CrashOutput(value, [.. steps.Select(s => $"{s.Key}={s.Nonce}")]);
    }
}

internal sealed record StepInput(string Key, int Value);

internal sealed record StepResult(string Key, int Value, string Nonce);

internal sealed record CrashOutput(int Total, string[] Steps);

internal sealed record CrashResult(string Status, CrashOutput? Output, string? Error);
