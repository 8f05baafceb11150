using Agents.Dapr.Mapping;
using Agents.Workflows;

namespace Agents.Dapr.Tests.Mapping;

public sealed class WorkflowTypesTests
{
    [Fact]
    public void WorkflowArguments_DirectWorkflow_AreInputAndOutput() =>
        Assert.Equal([typeof(string), typeof(int)], WorkflowTypes.WorkflowArguments(typeof(CountWorkflow)));

    [Fact]
    public void WorkflowArguments_DerivedFromAWorkflow_FindsTheBaseArguments() =>
        Assert.Equal([typeof(string), typeof(int)], WorkflowTypes.WorkflowArguments(typeof(CountWorkflowV2)));

    [Fact]
    public void ActivityArguments_InternalActivity_AreInputAndOutput() =>
        Assert.Equal([typeof(int), typeof(bool)], WorkflowTypes.ActivityArguments(typeof(CheckActivity)));

    [Theory]
    [InlineData(typeof(AbstractWorkflow))]
    [InlineData(typeof(CheckActivity))]
    [InlineData(typeof(string))]
    [InlineData(typeof(OpenWorkflow<>))]
    public void WorkflowArguments_NotAConcreteWorkflow_IsNull(Type type) =>
        Assert.Null(WorkflowTypes.WorkflowArguments(type));

    [Fact]
    public void ActivityArguments_Workflow_IsNull() =>
        Assert.Null(WorkflowTypes.ActivityArguments(typeof(CountWorkflow)));

    [Fact]
    public void ActivitiesIn_Assembly_ListsConcreteActivitiesOnly()
    {
        var activities = WorkflowTypes.ActivitiesIn(typeof(WorkflowTypesTests).Assembly);

        Assert.Contains(typeof(CheckActivity), activities);
        Assert.DoesNotContain(typeof(CountWorkflow), activities);
        Assert.All(activities, a => Assert.False(a.IsAbstract));
    }

    [Fact]
    public void WorkflowsIn_Assembly_ListsWorkflowsByFullName()
    {
        var workflows = WorkflowTypes.WorkflowsIn(typeof(WorkflowTypesTests).Assembly);

        Assert.Contains(typeof(CountWorkflow), workflows);
        Assert.Contains(typeof(CountWorkflowV2), workflows);
        Assert.DoesNotContain(typeof(AbstractWorkflow), workflows);
        Assert.Equal(workflows.OrderBy(t => t.FullName, StringComparer.Ordinal), workflows);
    }

    public class CountWorkflow : Workflow<string, int>
    {
        public override Task<int> RunAsync(WorkflowContext context, string input) => Task.FromResult(input.Length);
    }

    public sealed class CountWorkflowV2 : CountWorkflow;

    public abstract class AbstractWorkflow : Workflow<int, int>;

    public sealed class OpenWorkflow<T> : Workflow<T, T>
    {
        public override Task<T> RunAsync(WorkflowContext context, T input) => Task.FromResult(input);
    }

    internal sealed class CheckActivity : WorkflowActivity<int, bool>
    {
        public override Task<bool> RunAsync(WorkflowActivityContext context, int input) => Task.FromResult(input > 0);
    }
}
