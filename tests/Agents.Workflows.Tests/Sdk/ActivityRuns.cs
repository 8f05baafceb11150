namespace Agents.SdkWorkflows.Tests;

/// <summary>Counts runs per key across the worker (a singleton), for retry and exactly-once checks.</summary>
internal sealed class ActivityRuns
{
    private readonly Dictionary<string, int> _runs = new(StringComparer.Ordinal);

    public int Record(string key)
    {
        lock (_runs)
        {
            _runs[key] = _runs.GetValueOrDefault(key) + 1;
            return _runs[key];
        }
    }

    public int Count(string key)
    {
        lock (_runs)
        {
            return _runs.GetValueOrDefault(key);
        }
    }
}
