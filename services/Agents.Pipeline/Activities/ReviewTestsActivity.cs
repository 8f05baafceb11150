using Agents.Contracts;
using Agents.Llm;
using Agents.Pipeline.Llm;
using Agents.Pipeline.Storage;
using Agents.Sandbox;
using Dapr.Workflow;
using Microsoft.Extensions.Options;

namespace Agents.Pipeline.Activities;

/// <summary>
/// The test designer re-examines tests the coder disputed (schema <c>tests</c>, with verdicts). Whether a test was
/// corrected or upheld is recorded in the iteration, so the result says whether the code or a test was wrong.
/// </summary>
internal sealed class ReviewTestsActivity(LlmStep step, IOptions<SandboxOptions> sandbox) : WorkflowActivity<ReviewRequest, LlmStepResult>
{
    public override Task<LlmStepResult> RunAsync(WorkflowActivityContext context, ReviewRequest input) =>
        step.RunAsync(
            input.RunId, PipelineSteps.Review, input.Iteration, LlmRole.TestDesigner, PipelineSteps.Tests, AgentsJsonContext.Default.TestDesign, PipelineSchemas.Tests,
            async () =>
            {
                var store = step.Store;
                var plan = await store.GetRequiredAsync<LlmArtifact<PipelinePlan>>(input.PlanKey, CancellationToken.None).ConfigureAwait(false);
                var tests = await store.GetRequiredAsync<LlmArtifact<TestDesign>>(input.TestsKey, CancellationToken.None).ConfigureAwait(false);
                var verification = await store.GetRequiredAsync<VerificationResult>(input.VerificationKey, CancellationToken.None).ConfigureAwait(false);
                return PipelinePrompts.Review(input.Requirements, input.Language, plan.Value, tests.Value, verification, input.Disputes);
            },
            tests => AnswerChecks.Files(tests.Files, input.Language, sandbox.Value)
                ?? (tests.Verdicts is { Count: > 0 } ? null : "verdicts is missing: give a verdict for each disputed test."),
            (tests, result) => result with
            {
                Summary = $"{tests.Verdicts?.Count(v => v.Corrected) ?? 0} test(s) corrected, {tests.Verdicts?.Count(v => !v.Corrected) ?? 0} upheld",
                Verdicts = tests.Verdicts ?? [],
            });
}
