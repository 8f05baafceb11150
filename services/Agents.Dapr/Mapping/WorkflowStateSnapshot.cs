using Agents.Workflows;

namespace Agents.Dapr.Mapping;

/// <summary>What Dapr reports about an instance, in our types; payloads are serialized JSON (null when absent).</summary>
internal sealed record WorkflowStateSnapshot(
    string InstanceId,
    string? WorkflowName,
    WorkflowRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? SerializedInput,
    string? SerializedOutput,
    string? SerializedCustomStatus,
    WorkflowFailureDetails? FailureDetails);
