using Dapr.Workflow;

namespace Agents.Benchmarks;

/// <summary>The CPU-only step of <see cref="WorkflowsBenchmarkActivity"/>, as a Dapr.Workflow activity.</summary>
internal sealed class SdkBenchmarkActivity : WorkflowActivity<int, long>
{
    public override Task<long> RunAsync(WorkflowActivityContext context, int input) => Task.FromResult(Step(input));

    public static long Step(int input)
    {
        var h = 1469598103934665603L;
        for (var i = 0; i < 16; i++)
        {
            h = (h ^ (input + i)) * 1099511628211L;
        }
        return h & 0xFFFFFF;
    }
}
