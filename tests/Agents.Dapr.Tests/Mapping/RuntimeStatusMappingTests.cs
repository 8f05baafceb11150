using Agents.Dapr.Mapping;
using Agents.Workflows;

namespace Agents.Dapr.Tests.Mapping;

public sealed class RuntimeStatusMappingTests
{
    public static TheoryData<string, WorkflowRuntimeStatus> DaprNames => new()
    {
        // Every name of Dapr.Workflow.WorkflowRuntimeStatus in the Dapr.Workflow package we build against (1.19.1).
        { "Unknown", WorkflowRuntimeStatus.Unknown },
        { "Running", WorkflowRuntimeStatus.Running },
        { "Completed", WorkflowRuntimeStatus.Completed },
        { "ContinuedAsNew", WorkflowRuntimeStatus.ContinuedAsNew },
        { "Failed", WorkflowRuntimeStatus.Failed },
        { "Canceled", WorkflowRuntimeStatus.Canceled },
        { "Terminated", WorkflowRuntimeStatus.Terminated },
        { "Pending", WorkflowRuntimeStatus.Pending },
        { "Suspended", WorkflowRuntimeStatus.Suspended },
        { "Stalled", WorkflowRuntimeStatus.Stalled },
    };

    [Theory]
    [MemberData(nameof(DaprNames))]
    public void FromName_DaprName_MapsToOurValueOfThatName(string name, WorkflowRuntimeStatus expected) =>
        Assert.Equal(expected, RuntimeStatusMapping.FromName(name));

    [Theory]
    [InlineData("2")]
    [InlineData("failed")]
    [InlineData("Paused")]
    [InlineData("")]
    [InlineData(null)]
    public void FromName_NumberOrUnknownName_IsUnknown(string? name) =>
        Assert.Equal(WorkflowRuntimeStatus.Unknown, RuntimeStatusMapping.FromName(name));
}
