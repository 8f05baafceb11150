using Agents.Workflows;

namespace Agents.Workflows.CrashHost;

/// <summary>
/// Logs every execution (run, key, a fresh nonce) before returning, so the test can tell which execution's
/// result the workflow kept and whether anything ran again after its result was recorded.
/// </summary>
internal sealed class StepActivity(ExecutionLog log) : WorkflowActivity<StepInput, StepResult>
{
    public override Task<StepResult> RunAsync(WorkflowActivityContext context, StepInput input)
    {
        var nonce = Guid.NewGuid().ToString("N");
        log.Append(input.Key, nonce);
        Console.WriteLine($"step {input.Key}");
        return Task.FromResult(new StepResult(input.Key, input.Value * 2, nonce));
    }
}

/// <summary>Append-only execution log shared by the runs of one test.</summary>
internal sealed class ExecutionLog(string path, string run)
{
    private readonly Lock _gate = new();

    public void Append(string key, string nonce)
    {
        lock (_gate)
        {
            File.AppendAllText(path, $"{run} {key} {nonce}\n");
        }
    }
}
