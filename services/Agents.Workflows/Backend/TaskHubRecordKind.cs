namespace Agents.Workflows.Backend;

internal enum TaskHubRecordKind
{
    /// <summary>The whole instance: new, recreated, continued as new, or rewritten by compaction.</summary>
    Full,

    /// <summary>What changed since the instance's previous record.</summary>
    Delta,

    Delete,
}
