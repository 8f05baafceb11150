namespace Agents.Workflows.Journal;

/// <summary>A scheduled activity call. <see cref="Key"/> is unique per call and stable across re-runs.</summary>
internal sealed record ActivityTask(string InstanceId, string ExecutionId, int TaskId, string Name, string? Input)
{
    public string Key => $"{InstanceId}|{ExecutionId}|{TaskId}";
}
