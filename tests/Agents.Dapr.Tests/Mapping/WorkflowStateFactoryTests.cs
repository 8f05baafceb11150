using System.Text.Json;
using Agents.Dapr.Mapping;
using Agents.Workflows;

namespace Agents.Dapr.Tests.Mapping;

public sealed class WorkflowStateFactoryTests
{
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Create_Snapshot_ExposesEveryFieldThroughOurState()
    {
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var failure = new WorkflowFailureDetails("System.InvalidOperationException", "boom", "at X");
        var snapshot = new WorkflowStateSnapshot(
            "run-1", "PipelineWorkflow", WorkflowRuntimeStatus.Failed, created, created.AddMinutes(1),
            """{"requirements":"add"}""", """{"files":2}""", """{"step":"test"}""", failure);

        var state = WorkflowStateFactory.Create(snapshot, s_web);

        Assert.Equal("run-1", state.InstanceId);
        Assert.Equal("PipelineWorkflow", state.WorkflowName);
        Assert.Equal(WorkflowRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.True(state.Exists);
        Assert.True(state.IsWorkflowCompleted);
        Assert.Equal(created, state.CreatedAt);
        Assert.Equal(created.AddMinutes(1), state.LastUpdatedAt);
        Assert.Equal(new Input("add"), state.ReadInputAs<Input>());
        Assert.Equal(new Output(2), state.ReadOutputAs<Output>());
        Assert.Equal(new Status("test"), state.ReadCustomStatusAs<Status>());
        Assert.Equal(failure, state.FailureDetails);
    }

    [Fact]
    public void Create_UnknownStatusWithoutPayloads_DoesNotExistAndReadsDefaults()
    {
        var snapshot = new WorkflowStateSnapshot("gone", null, WorkflowRuntimeStatus.Unknown, default, default, null, null, null, null);

        var state = WorkflowStateFactory.Create(snapshot, s_web);

        Assert.False(state.Exists);
        Assert.Null(state.ReadInputAs<Input>());
        Assert.Null(state.FailureDetails);
    }

    [Fact]
    public void ToSerialized_UndefinedElement_IsNullAndAnObjectKeepsItsJson()
    {
        using var document = JsonDocument.Parse("""{"a":1}""");

        Assert.Null(JsonPayloads.ToSerialized(default));
        Assert.Equal("""{"a":1}""", JsonPayloads.ToSerialized(document.RootElement));
    }

    [Fact]
    public void Parse_ThenToSerialized_RoundTripsTheJson()
    {
        var element = JsonPayloads.Parse("""{"files":["a.cs"],"n":1}""");

        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        Assert.Equal("""{"files":["a.cs"],"n":1}""", JsonPayloads.ToSerialized(element));
    }

    [Fact]
    public void Parse_NotJson_Throws() =>
        Assert.ThrowsAny<JsonException>(() => JsonPayloads.Parse("not json"));

    private sealed record Input(string Requirements);

    private sealed record Output(int Files);

    private sealed record Status(string Step);
}
