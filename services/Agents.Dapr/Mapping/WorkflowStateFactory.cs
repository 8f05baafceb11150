using System.Text.Json;
using Agents.Workflows;

namespace Agents.Dapr.Mapping;

/// <summary>Builds our <see cref="WorkflowState"/> from a snapshot of Dapr's.</summary>
internal static class WorkflowStateFactory
{
    /// <summary>Creates the state; payloads are read back with <paramref name="json"/>.</summary>
    public static WorkflowState Create(WorkflowStateSnapshot snapshot, JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(json);
        return new WorkflowState(
            snapshot.InstanceId, snapshot.WorkflowName, snapshot.RuntimeStatus, snapshot.CreatedAt, snapshot.LastUpdatedAt,
            snapshot.SerializedInput, snapshot.SerializedOutput, snapshot.SerializedCustomStatus, snapshot.FailureDetails, json);
    }
}
