using Agents.Contracts;
using Agents.Llm;
using Agents.Pipeline.Llm;
using Agents.Pipeline.Storage;
using Dapr.Workflow;
using Microsoft.Extensions.AI;

namespace Agents.Pipeline.Activities;

/// <summary>The planner writes a plan (schema <c>plan</c>); a re-plan sees the rejected plan and the reviewer's reason.</summary>
internal sealed class CreatePlanActivity(LlmStep step) : WorkflowActivity<PlanRequest, LlmStepResult>
{
    public override Task<LlmStepResult> RunAsync(WorkflowActivityContext context, PlanRequest input) =>
        step.RunAsync(
            input.RunId, PipelineSteps.Plan, input.Attempt, LlmRole.Planner, PipelineSteps.Plan, AgentsJsonContext.Default.PipelinePlan, PipelineSchemas.Plan,
            async () =>
            {
                var previous = input.PreviousPlanKey is null ? null : (await step.Store.GetRequiredAsync<LlmArtifact<PipelinePlan>>(input.PreviousPlanKey, CancellationToken.None).ConfigureAwait(false)).Value;
                return PipelinePrompts.Plan(input.Requirements, input.Language, previous, input.Feedback);
            },
            plan => plan.Files.Count == 0 ? "files is empty: plan at least one file." : AnswerChecks.Claims(plan.Symbols),
            (plan, result) => result with { Summary = $"{plan.Files.Count} file(s), {plan.Symbols.Count} symbol(s): {plan.Summary}" });
}
