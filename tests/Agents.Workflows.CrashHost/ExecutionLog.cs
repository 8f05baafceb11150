namespace Agents.Workflows.CrashHost;

/// <summary>
/// Append-only execution log of one run, in its own file beside the others of the test (<see cref="PathOf"/>): two
/// processes appending to one file can overwrite each other's lines, since .NET appends by seeking to the end.
/// </summary>
internal sealed class ExecutionLog(string path, string run)
{
    private readonly Lock _gate = new();
    private readonly string _file = PathOf(path, run);

    /// <summary>The file of one run's executions; the test reads every <c>{path}.run-*</c>.</summary>
    public static string PathOf(string path, string run) => $"{path}.run-{run}";

    public void Append(string key, string nonce)
    {
        lock (_gate)
        {
            File.AppendAllText(_file, $"{run} {key} {nonce}\n");
        }
    }
}
