using Dapr.Workflow;

namespace Agents.Benchmarks;

/// <summary>The same shape as <see cref="WorkflowsBenchmarkWorkflow"/>, written against the real Dapr.Workflow SDK.</summary>
internal sealed class SdkBenchmarkWorkflow : Workflow<int, long>
{
    public override async Task<long> RunAsync(WorkflowContext context, int input)
    {
        var fanned = await Task.WhenAll(Enumerable.Range(0, 5).Select(k => context.CallActivityAsync<long>(nameof(SdkBenchmarkActivity), input + k)));
        var value = fanned.Sum();
        for (var k = 0; k < 5; k++)
        {
            value = await context.CallActivityAsync<long>(nameof(SdkBenchmarkActivity), (int)(value % 100_000));
        }
        return value;
    }
}
