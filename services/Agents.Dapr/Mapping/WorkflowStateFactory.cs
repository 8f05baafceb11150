using System.Reflection;
using System.Text.Json;
using Agents.Workflows;

namespace Agents.Dapr.Mapping;

/// <summary>
/// Builds our <see cref="WorkflowState"/> from a snapshot. Its constructor is internal to Agents.Workflows,
/// so this goes through reflection until that project offers a public factory (requested); the offline
/// tests fail if the constructor's shape changes.
/// </summary>
internal static class WorkflowStateFactory
{
    /// <summary>Creates the state; payloads are read back with <paramref name="json"/>.</summary>
    public static WorkflowState Create(WorkflowStateSnapshot snapshot, JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(json);
        var constructor = typeof(WorkflowState).GetConstructor(
            BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public,
            [
                typeof(string), typeof(string), typeof(WorkflowRuntimeStatus), typeof(DateTimeOffset), typeof(DateTimeOffset),
                typeof(string), typeof(string), typeof(string), typeof(WorkflowFailureDetails), typeof(JsonSerializerOptions),
            ])
            ?? throw new InvalidOperationException("Agents.Workflows.WorkflowState no longer has the constructor the Dapr adapter maps to; update WorkflowStateFactory.");
        return (WorkflowState)constructor.Invoke(
        [
            snapshot.InstanceId, snapshot.WorkflowName, snapshot.RuntimeStatus, snapshot.CreatedAt, snapshot.LastUpdatedAt,
            snapshot.SerializedInput, snapshot.SerializedOutput, snapshot.SerializedCustomStatus, snapshot.FailureDetails, json,
        ]);
    }
}
