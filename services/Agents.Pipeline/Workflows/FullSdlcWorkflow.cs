using Agents.Contracts;
using Agents.Pipeline.Activities;
using Dapr.Workflow;

namespace Agents.Pipeline.Workflows;

/// <summary>
/// plan → (approval) → tests → code → verify/test → repair …, bounded by the input. Only orchestrates: every LLM call,
/// sandbox run and event is an activity, and the state it keeps is artifact keys and verdicts, so a replay after a
/// crash rebuilds it from the journal without repeating completed work.
/// </summary>
public sealed class FullSdlcWorkflow : Workflow<PipelineInput, PipelineSnapshot>
{
    // The LLM layer already walks each role's fallback chain; a few spaced retries cover a short outage of all of them.
    private static readonly WorkflowTaskOptions s_llmRetry = new(new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(2), 2.0));

    // A sandbox failure that is not the code's fault (no isolation available, a killed runner) is rarely fixed by waiting.
    private static readonly WorkflowTaskOptions s_sandboxRetry = new(new WorkflowRetryPolicy(2, TimeSpan.FromSeconds(5)));

    // Events go to local storage; retries cover a database blip.
    private static readonly WorkflowTaskOptions s_eventRetry = new(new WorkflowRetryPolicy(5, TimeSpan.FromSeconds(1), 2.0));

    private PipelineSnapshot _snapshot = PipelineSnapshot.Start;

    public override async Task<PipelineSnapshot> RunAsync(WorkflowContext context, PipelineInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = context.InstanceId;
        Update(context, _snapshot);
        await context.CallActivityAsync<bool>(nameof(PublishEventActivity), new EventNotice(EventNoticeKinds.PipelineStarted, run, Input: input), s_eventRetry);
        try
        {
            return await RunStepsAsync(context, input, run);
        }
        catch (WorkflowTaskFailedException ex)
        {
            return await FailAsync(context, run, $"Step '{_snapshot.Step}' failed: {ex.FailureDetails.ErrorMessage}");
        }
    }

    private async Task<PipelineSnapshot> RunStepsAsync(WorkflowContext context, PipelineInput input, string run)
    {
        var plan = await PlanAsync(context, input, run);
        if (plan is null)
        {
            return _snapshot;
        }

        Update(context, _snapshot with { Step = PipelineSteps.Tests });
        var tests = await context.CallActivityAsync<LlmStepResult>(nameof(DesignTestsActivity), new TestsRequest(run, input.Requirements, input.Language, plan), s_llmRetry);
        if (Account(tests) is { } testsError)
        {
            return await FailAsync(context, run, testsError);
        }
        var testsKey = tests.Key;

        Update(context, _snapshot with { Step = PipelineSteps.Code, TestsKey = testsKey });
        var code = await context.CallActivityAsync<LlmStepResult>(nameof(GenerateCodeActivity), new CodeRequest(run, input.Requirements, input.Language, plan), s_llmRetry);
        if (Account(code) is { } codeError)
        {
            return await FailAsync(context, run, codeError);
        }
        var filesKey = code.Key;
        Update(context, _snapshot with { FilesKey = filesKey });

        var maxIterations = Math.Clamp(input.MaxIterations, PipelineLimits.MinIterations, PipelineLimits.MaxIterations);
        VerifyStepResult? last = null;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            var resolution = RepairResolutions.FirstCode;
            IReadOnlyList<DisputeOutcome> disputes = [];
            if (last is not null)
            {
                Update(context, _snapshot with { Step = PipelineSteps.Repair, Iteration = iteration });
                var repair = await context.CallActivityAsync<LlmStepResult>(
                    nameof(RepairCodeActivity), new RepairRequest(run, iteration, input.Requirements, input.Language, plan, filesKey, testsKey, last.Key), s_llmRetry);
                if (Account(repair) is { } repairError)
                {
                    return await FailAsync(context, run, repairError);
                }
                filesKey = repair.Key;
                resolution = RepairResolutions.CodeFixed;
                if (repair.Disputes is { Count: > 0 } disputed)
                {
                    Update(context, _snapshot with { Step = PipelineSteps.Review });
                    var review = await context.CallActivityAsync<LlmStepResult>(
                        nameof(ReviewTestsActivity), new ReviewRequest(run, iteration, input.Requirements, input.Language, plan, testsKey, last.Key, disputed), s_llmRetry);
                    if (Account(review) is { } reviewError)
                    {
                        return await FailAsync(context, run, reviewError);
                    }
                    disputes = [.. disputed.Select(d => Outcome(d, review.Verdicts))];
                    if (disputes.Any(d => d.Corrected))
                    {
                        // The test was wrong, not (only) the code: run the corrected tests against the repaired code.
                        testsKey = review.Key;
                        resolution = RepairResolutions.TestCorrected;
                    }
                }
            }

            Update(context, _snapshot with { Step = PipelineSteps.Verify, Iteration = iteration, FilesKey = filesKey, TestsKey = testsKey });
            last = await context.CallActivityAsync<VerifyStepResult>(nameof(VerifyCodeActivity), new VerifyRequest(run, iteration, input.Language, filesKey, testsKey), s_sandboxRetry);
            if (last.Error is { } verifyError)
            {
                return await FailAsync(context, run, verifyError);
            }
            var record = new PipelineIteration(iteration, resolution, filesKey, testsKey, last.Key, last.Verified, last.TrustScore, last.TestsPassed, last.TestsFailed, disputes);
            Update(context, _snapshot with { Iterations = [.. _snapshot.Iterations, record], TrustScore = last.TrustScore });
            if (last.Verified)
            {
                Update(context, _snapshot with { Status = PipelineStatuses.Completed, Step = PipelineSteps.Result });
                await context.CallActivityAsync<bool>(nameof(FinishPipelineActivity), new FinishRequest(run, _snapshot), s_eventRetry);
                return _snapshot;
            }
            await context.CallActivityAsync<bool>(
                nameof(PublishEventActivity),
                new EventNotice(EventNoticeKinds.IterationFailed, run, iteration, last.Key, TrustScore: last.TrustScore, TestsFailed: last.TestsFailed, Summary: last.Summary),
                s_eventRetry);
        }
        return await FailAsync(context, run, $"Not verified within {maxIterations} iteration(s); last: {last?.Summary}.");
    }

    /// <summary>Plans, and when asked waits at the approval gate; a rejection re-plans with the reason. Null when the run failed.</summary>
    private async Task<string?> PlanAsync(WorkflowContext context, PipelineInput input, string run)
    {
        string? feedback = null;
        string? previous = null;
        for (var attempt = 1; attempt <= PipelineLimits.MaxPlanAttempts; attempt++)
        {
            Update(context, _snapshot with { Status = PipelineStatuses.Running, Step = PipelineSteps.Plan });
            var plan = await context.CallActivityAsync<LlmStepResult>(
                nameof(CreatePlanActivity), new PlanRequest(run, attempt, input.Requirements, input.Language, previous, feedback), s_llmRetry);
            if (Account(plan) is { } planError)
            {
                await FailAsync(context, run, planError);
                return null;
            }
            Update(context, _snapshot with { PlanKey = plan.Key });
            if (!string.Equals(input.Approval, ApprovalModes.Plan, StringComparison.Ordinal))
            {
                return plan.Key;
            }

            Update(context, _snapshot with { Status = PipelineStatuses.WaitingForApproval, Step = PipelineSteps.Approval, PlanAttempt = attempt });
            await context.CallActivityAsync<bool>(nameof(PublishEventActivity), new EventNotice(EventNoticeKinds.ApprovalRequested, run, attempt, plan.Key), s_eventRetry);
            ApprovalDecision decision;
            try
            {
                decision = await context.WaitForExternalEventAsync<ApprovalDecision>(PipelineLimits.ApprovalEventName(attempt), TimeSpan.FromMinutes(input.ApprovalTimeoutMinutes));
            }
            catch (TaskCanceledException)
            {
                await FailAsync(context, run, $"The plan was not approved within {input.ApprovalTimeoutMinutes} minute(s).");
                return null;
            }
            await context.CallActivityAsync<bool>(
                nameof(PublishEventActivity), new EventNotice(EventNoticeKinds.ApprovalReceived, run, attempt, plan.Key, decision.Approved, decision.Reason), s_eventRetry);
            if (decision.Approved)
            {
                Update(context, _snapshot with { Status = PipelineStatuses.Running });
                return plan.Key;
            }
            feedback = decision.Reason;
            previous = plan.Key;
        }
        await FailAsync(context, run, $"The plan was rejected {PipelineLimits.MaxPlanAttempts} time(s); last reason: {feedback ?? "(none given)"}");
        return null;
    }

    private async Task<PipelineSnapshot> FailAsync(WorkflowContext context, string run, string reason)
    {
        Update(context, _snapshot with { Status = PipelineStatuses.Failed, Reason = reason });
        await context.CallActivityAsync<bool>(nameof(FinishPipelineActivity), new FinishRequest(run, _snapshot), s_eventRetry);
        return _snapshot;
    }

    /// <summary>Adds the step's usage to the run's; returns the step's error, if any.</summary>
    private string? Account(LlmStepResult step)
    {
        _snapshot = _snapshot with { Usage = _snapshot.Usage.Add(step.Role, step.Usage) };
        return step.Error;
    }

    private void Update(WorkflowContext context, PipelineSnapshot snapshot)
    {
        _snapshot = snapshot;
        context.SetCustomStatus(snapshot);
    }

    private static DisputeOutcome Outcome(TestDispute dispute, IReadOnlyList<TestVerdict>? verdicts)
    {
        var verdict = verdicts?.FirstOrDefault(v => string.Equals(v.Test, dispute.Test, StringComparison.Ordinal))
            ?? verdicts?.FirstOrDefault(v => v.Test.Contains(dispute.Test, StringComparison.Ordinal) || dispute.Test.Contains(v.Test, StringComparison.Ordinal));
        return new DisputeOutcome(dispute.Test, dispute.Reason, verdict?.Corrected ?? false, verdict?.Explanation ?? "The test designer gave no verdict; the test stands.");
    }
}
