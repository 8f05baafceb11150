using Agents.Contracts;
using Agents.Pipeline.Activities;
using Agents.Pipeline.Workflows;

namespace Agents.Pipeline.Tests.Unit;

/// <summary>The workflow's decisions against a fake context: bounds, approval, failures, what it records.</summary>
public sealed class FullSdlcWorkflowTests
{
    private static readonly UsageTotals s_usage = new(1, 10, 5, 0.01m);

    [Fact]
    public async Task Run_WhenVerificationNeverPasses_StopsAtMaxIterations()
    {
        var context = new FakeWorkflowContext((name, input) => Answer(name, input, verified: _ => false));

        var result = await new FullSdlcWorkflow().RunAsync(context, Input(maxIterations: 4));

        Assert.Equal(PipelineStatuses.Failed, result.Status);
        Assert.Equal(4, result.Iterations.Count);
        Assert.Equal(4, context.Calls.Count(c => c.Name == nameof(VerifyCodeActivity)));
        Assert.Equal(3, context.Calls.Count(c => c.Name == nameof(RepairCodeActivity)));
        Assert.Equal(nameof(FinishPipelineActivity), context.Calls[^1].Name);
    }

    [Fact]
    public async Task Run_WhenSecondIterationPasses_RecordsRepairAndUsagePerRole()
    {
        var context = new FakeWorkflowContext((name, input) => Answer(name, input, verified: i => i == 2));

        var result = await new FullSdlcWorkflow().RunAsync(context, Input());

        Assert.Equal(PipelineStatuses.Completed, result.Status);
        Assert.Equal([RepairResolutions.FirstCode, RepairResolutions.CodeFixed], result.Iterations.Select(i => i.Resolution));
        Assert.Equal("run1/repair-2", result.FilesKey);
        Assert.Equal(4, result.Usage.Total.Requests);
        Assert.Equal(2, result.Usage.ByRole["coder"].Requests);
        Assert.Same(result, context.CustomStatus);
    }

    [Fact]
    public async Task Run_WhenApprovalTimesOut_FailsWithoutWritingTestsOrCode()
    {
        var context = new FakeWorkflowContext((name, input) => Answer(name, input, verified: _ => true));

        var result = await new FullSdlcWorkflow().RunAsync(context, Input(approval: ApprovalModes.Plan));

        Assert.Equal(PipelineStatuses.Failed, result.Status);
        Assert.Contains("not approved within", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(context.Calls, c => c.Name is nameof(DesignTestsActivity) or nameof(GenerateCodeActivity));
    }

    [Fact]
    public async Task Run_WhenEveryPlanIsRejected_FailsAfterTheBoundOfPlans()
    {
        var context = new FakeWorkflowContext((name, input) => Answer(name, input, verified: _ => true));
        for (var i = 0; i < PipelineLimits.MaxPlanAttempts; i++)
        {
            context.Events.Enqueue(new ApprovalDecision(false, $"no {i}"));
        }

        var result = await new FullSdlcWorkflow().RunAsync(context, Input(approval: ApprovalModes.Plan));

        Assert.Equal(PipelineStatuses.Failed, result.Status);
        Assert.Equal(PipelineLimits.MaxPlanAttempts, context.Calls.Count(c => c.Name == nameof(CreatePlanActivity)));
        var replan = (PlanRequest)context.Calls.Last(c => c.Name == nameof(CreatePlanActivity)).Input!;
        Assert.Equal("no 1", replan.Feedback);
        Assert.Equal("run1/plan-2", replan.PreviousPlanKey);
        Assert.Equal(["approval-1", "approval-2", "approval-3"], context.AwaitedEvents);
    }

    [Fact]
    public async Task Run_WhenAnActivityFailsAfterRetries_FailsNamingTheStep()
    {
        var context = new FakeWorkflowContext((name, input) =>
            name == nameof(GenerateCodeActivity) ? throw new InvalidOperationException("all providers down") : Answer(name, input, verified: _ => true));

        var result = await new FullSdlcWorkflow().RunAsync(context, Input());

        Assert.Equal(PipelineStatuses.Failed, result.Status);
        Assert.Equal("Step 'code' failed: all providers down", result.Reason);
    }

    [Fact]
    public async Task Run_WhenModelGivesNoUsableAnswer_FailsWithItsError()
    {
        var context = new FakeWorkflowContext((name, input) =>
            name == nameof(DesignTestsActivity) ? new LlmStepResult("run1/tests-1", "testDesigner", UsageTotals.Zero, "", "no usable 'tests' answer") : Answer(name, input, verified: _ => true));

        var result = await new FullSdlcWorkflow().RunAsync(context, Input());

        Assert.Equal("no usable 'tests' answer", result.Reason);
        Assert.DoesNotContain(context.Calls, c => c.Name == nameof(GenerateCodeActivity));
    }

    private static PipelineInput Input(int maxIterations = 3, string approval = ApprovalModes.None) =>
        new("add two numbers", "python", maxIterations, approval, 5);

    private static object Answer(string name, object? input, Func<int, bool> verified) => name switch
    {
        nameof(CreatePlanActivity) => new LlmStepResult($"run1/plan-{((PlanRequest)input!).Attempt}", "planner", s_usage, "plan"),
        nameof(DesignTestsActivity) => new LlmStepResult("run1/tests-1", "testDesigner", s_usage, "tests"),
        nameof(GenerateCodeActivity) => new LlmStepResult("run1/code-1", "coder", s_usage, "code"),
        nameof(RepairCodeActivity) => new LlmStepResult($"run1/repair-{((RepairRequest)input!).Iteration}", "coder", s_usage, "repair", Disputes: []),
        nameof(VerifyCodeActivity) => Verify((VerifyRequest)input!, verified),
        _ => true,
    };

    private static VerifyStepResult Verify(VerifyRequest request, Func<int, bool> verified) =>
        new($"run1/verify-{request.Iteration}", verified(request.Iteration), verified(request.Iteration) ? 0.9 : 0.3, 1, verified(request.Iteration) ? 0 : 1, "summary");
}
