namespace Agents.Workflows.CrashHost;

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
