namespace Agents.Workflows.Engine;

/// <summary>Lets clients wait for "this instance changed" without polling when the change happens in this process.</summary>
internal sealed class InstanceWatchers
{
    private readonly Dictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>A task that completes at the next change of <paramref name="instanceId"/>; take it before reading the state.</summary>
    public Task NextChange(string instanceId)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(instanceId, out var tcs))
            {
                tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting[instanceId] = tcs;
            }
            return tcs.Task;
        }
    }

    public void Notify(IEnumerable<string> instanceIds)
    {
        List<TaskCompletionSource>? done = null;
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                return;
            }
            foreach (var id in instanceIds)
            {
                if (_waiting.Remove(id, out var tcs))
                {
                    (done ??= []).Add(tcs);
                }
            }
        }
        done?.ForEach(t => t.TrySetResult());
    }
}
