using System.Text.Json;
using Agents.Dapr.Mapping;
using Agents.Workflows;

namespace Agents.Dapr.Tests.Mapping;

public sealed class WorkflowListingTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Shape_MixedPage_NewestFirstWithoutVanishedInstances()
    {
        var page = new[]
        {
            State("old", WorkflowRuntimeStatus.Completed, 0),
            State("purged", WorkflowRuntimeStatus.Unknown, 5),
            State("new", WorkflowRuntimeStatus.Running, 2),
            State("mid", WorkflowRuntimeStatus.Failed, 1),
        };

        var shaped = WorkflowListing.Shape(page, status: null);

        Assert.Equal(["new", "mid", "old"], shaped.Select(s => s.InstanceId));
    }

    [Fact]
    public void Shape_StatusFilter_KeepsOnlyThatStatus()
    {
        var page = new[]
        {
            State("a", WorkflowRuntimeStatus.Running, 0),
            State("b", WorkflowRuntimeStatus.Completed, 1),
            State("c", WorkflowRuntimeStatus.Running, 2),
        };

        var shaped = WorkflowListing.Shape(page, WorkflowRuntimeStatus.Running);

        Assert.Equal(["c", "a"], shaped.Select(s => s.InstanceId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ValidatePageSize_BelowOne_Throws(int pageSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkflowListing.ValidatePageSize(pageSize));

    private static WorkflowState State(string id, WorkflowRuntimeStatus status, int minutes) =>
        WorkflowStateFactory.Create(
            new WorkflowStateSnapshot(id, "W", status, s_t0.AddMinutes(minutes), s_t0.AddMinutes(minutes), null, null, null, null),
            new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
