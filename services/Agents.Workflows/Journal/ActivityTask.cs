using System.Text.Json.Serialization;

namespace Agents.Workflows.Journal;

/// <summary>A scheduled activity call. <see cref="Key"/> is unique per call and stable across re-runs.</summary>
internal sealed record ActivityTask(string InstanceId, string ExecutionId, int TaskId, string Name, string? Input)
{
    /// <summary>Derived from the other fields, so not journaled with them (older records that carry it read the same).</summary>
    [JsonIgnore]
    public string Key => $"{InstanceId}|{ExecutionId}|{TaskId}";
}
