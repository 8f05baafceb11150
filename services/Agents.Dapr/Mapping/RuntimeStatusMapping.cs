using Agents.Workflows;

namespace Agents.Dapr.Mapping;

/// <summary>Dapr's <c>WorkflowRuntimeStatus</c> to ours.</summary>
internal static class RuntimeStatusMapping
{
    /// <summary>
    /// Maps by name, never by number: Dapr's numbering changed between SDK versions (older ones have no
    /// ContinuedAsNew or Canceled, so Failed is 2 there and 3 here). Unknown names map to Unknown.
    /// </summary>
    public static WorkflowRuntimeStatus FromName(string? name)
    {
        foreach (var status in Enum.GetValues<WorkflowRuntimeStatus>())
        {
            if (string.Equals(status.ToString(), name, StringComparison.Ordinal))
            {
                return status;
            }
        }
        return WorkflowRuntimeStatus.Unknown;
    }
}
