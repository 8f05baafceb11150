using Agents.Workflows;

namespace Agents.Dapr.Mapping;

/// <summary>
/// Dapr lists instance ids only (a page and a continuation token); the adapter reads each state and
/// shapes the page here: instances that vanished in between are dropped, the status filter applies to
/// this page only (a page may hold fewer than the page size), and the page is ordered newest first.
/// </summary>
internal static class WorkflowListing
{
    /// <summary>The page as our clients expect it.</summary>
    public static IReadOnlyList<WorkflowState> Shape(IEnumerable<WorkflowState> states, WorkflowRuntimeStatus? status)
    {
        ArgumentNullException.ThrowIfNull(states);
        return states
            .Where(s => s.Exists && (status is null || s.RuntimeStatus == status))
            .OrderByDescending(s => s.CreatedAt)
            .ThenBy(s => s.InstanceId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Rejects a page size Dapr would reject later, with our parameter name.</summary>
    public static void ValidatePageSize(int pageSize) =>
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1, nameof(pageSize));
}
