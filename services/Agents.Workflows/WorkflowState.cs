using System.Text.Json;

namespace Agents.Workflows;

/// <summary>A snapshot of a workflow instance. Mirrors <c>Dapr.Workflow.WorkflowState</c>.</summary>
public sealed class WorkflowState
{
    private readonly string? _input;
    private readonly string? _output;
    private readonly string? _customStatus;
    private readonly JsonSerializerOptions _json;

    /// <summary>
    /// Creates a snapshot from serialized payloads (JSON text, read back with <paramref name="json"/>). The runtime
    /// builds these itself; the constructor is public for adapters over other engines (e.g. Dapr's client).
    /// </summary>
    public WorkflowState(
        string instanceId, string? workflowName, WorkflowRuntimeStatus status, DateTimeOffset createdAt, DateTimeOffset lastUpdatedAt,
        string? input, string? output, string? customStatus, WorkflowFailureDetails? failure, JsonSerializerOptions json)
    {
        InstanceId = instanceId;
        WorkflowName = workflowName;
        RuntimeStatus = status;
        CreatedAt = createdAt;
        LastUpdatedAt = lastUpdatedAt;
        _input = input;
        _output = output;
        _customStatus = customStatus;
        FailureDetails = failure;
        _json = json;
    }

    /// <summary>The instance id.</summary>
    public string InstanceId { get; }

    /// <summary>True when the instance exists.</summary>
    public bool Exists => RuntimeStatus != WorkflowRuntimeStatus.Unknown;

    /// <summary>True while the instance runs (not pending, suspended or finished).</summary>
    public bool IsWorkflowRunning => RuntimeStatus == WorkflowRuntimeStatus.Running;

    /// <summary>True once the instance completed, failed or was terminated.</summary>
    public bool IsWorkflowCompleted => RuntimeStatus is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated;

    /// <summary>The workflow's registered name.</summary>
    public string? WorkflowName { get; }

    /// <summary>When the instance was scheduled.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When the instance last changed.</summary>
    public DateTimeOffset LastUpdatedAt { get; }

    /// <summary>The instance's status.</summary>
    public WorkflowRuntimeStatus RuntimeStatus { get; }

    /// <summary>Why the instance failed, when it did.</summary>
    public WorkflowFailureDetails? FailureDetails { get; }

    /// <summary>The input, deserialized (default when not requested or absent).</summary>
    public T? ReadInputAs<T>() => Read<T>(_input);

    /// <summary>The output, deserialized (default when not requested or absent).</summary>
    public T? ReadOutputAs<T>() => Read<T>(_output);

    /// <summary>The custom status set by the workflow, deserialized.</summary>
    public T? ReadCustomStatusAs<T>() => Read<T>(_customStatus);

    internal static WorkflowState Missing(string instanceId, JsonSerializerOptions json) =>
        new(instanceId, null, WorkflowRuntimeStatus.Unknown, default, default, null, null, null, null, json);

    private T? Read<T>(string? payload) => payload is null ? default : JsonSerializer.Deserialize<T>(payload, _json);
}
