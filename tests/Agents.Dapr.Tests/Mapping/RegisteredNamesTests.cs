using Agents.Dapr.Mapping;

namespace Agents.Dapr.Tests.Mapping;

public sealed class RegisteredNamesTests
{
    [Fact]
    public void NameOf_NoExplicitName_IsTheTypeNameLikeNameof() =>
        Assert.Equal(nameof(PlanWorkflow), RegisteredNames.NameOf(typeof(PlanWorkflow)));

    [Fact]
    public void NameOf_ExplicitName_WinsOverTheTypeName() =>
        Assert.Equal("PlanV2", RegisteredNames.NameOf(typeof(PlanWorkflow), "PlanV2"));

    [Fact]
    public void NameOf_GenericTypeWithoutName_Throws() =>
        Assert.Throws<ArgumentException>(() => RegisteredNames.NameOf(typeof(List<int>)));

    [Fact]
    public void NameOf_BlankExplicitName_Throws() =>
        Assert.Throws<ArgumentException>(() => RegisteredNames.NameOf(typeof(PlanWorkflow), " "));

    [Fact]
    public void AddWorkflow_SameNameInOtherCase_ThrowsBecauseDaprWouldDropIt()
    {
        var names = new RegisteredNames();
        names.AddWorkflow(typeof(PlanWorkflow));

        var error = Assert.Throws<InvalidOperationException>(() => names.AddWorkflow(typeof(PlanWorkflow), "planworkflow"));

        Assert.Contains("planworkflow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddActivity_SameNameAsAWorkflow_IsAllowed()
    {
        var names = new RegisteredNames();

        names.AddWorkflow(typeof(PlanWorkflow), "Plan");
        names.AddActivity(typeof(PlanWorkflow), "Plan");

        Assert.Equal(["Plan"], names.Workflows);
        Assert.Equal(["Plan"], names.Activities);
    }

    private sealed class PlanWorkflow;
}
