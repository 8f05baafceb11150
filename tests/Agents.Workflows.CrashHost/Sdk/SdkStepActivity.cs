using Agents.Workflows.CrashHost;
using Dapr.Workflow;

namespace Agents.SdkCrashHost;

/// <summary>Logs every execution (run, key, fresh nonce) before returning, like <see cref="StepActivity"/>.</summary>
internal sealed class SdkStepActivity(ExecutionLog log) : WorkflowActivity<StepInput, StepResult>
{
    public override Task<StepResult> RunAsync(WorkflowActivityContext context, StepInput input)
    {
        var nonce = Guid.NewGuid().ToString("N");
        log.Append(input.Key, nonce);
        Console.WriteLine($"step {input.Key}");
        return Task.FromResult(new StepResult(input.Key, input.Value * 2, nonce));
    }
}
