using Agents.Workflows.CrashHost;
using Dapr.Workflow;

// Not under Agents.Workflows: there, WorkflowActivity<,> would bind to our mirror types, not the SDK's.
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
