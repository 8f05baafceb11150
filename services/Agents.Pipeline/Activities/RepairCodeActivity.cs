using Agents.Contracts;
using Agents.Llm;
using Agents.Pipeline.Llm;
using Agents.Pipeline.Storage;
using Agents.Sandbox;
using Dapr.Workflow;
using Microsoft.Extensions.Options;

namespace Agents.Pipeline.Activities;

/// <summary>
/// The coder repairs its code given the failed checkpoints and test failures (schema <c>repair</c>); it may dispute
/// tests it believes contradict the requirements.
/// </summary>
internal sealed class RepairCodeActivity(LlmStep step, IOptions<SandboxOptions> sandbox) : WorkflowActivity<RepairRequest, LlmStepResult>
{
    public override Task<LlmStepResult> RunAsync(WorkflowActivityContext context, RepairRequest input) =>
        step.RunAsync(
            input.RunId, PipelineSteps.Repair, input.Iteration, LlmRole.Coder, PipelineSteps.Repair, AgentsJsonContext.Default.RepairDraft, PipelineSchemas.Repair,
            async () =>
            {
                var store = step.Store;
                var plan = await store.GetRequiredAsync<LlmArtifact<PipelinePlan>>(input.PlanKey, CancellationToken.None).ConfigureAwait(false);
                var files = await store.GetRequiredAsync<LlmArtifact<FilesView>>(input.FilesKey, CancellationToken.None).ConfigureAwait(false);
                var tests = await store.GetRequiredAsync<LlmArtifact<TestDesign>>(input.TestsKey, CancellationToken.None).ConfigureAwait(false);
                var verification = await store.GetRequiredAsync<VerificationResult>(input.VerificationKey, CancellationToken.None).ConfigureAwait(false);
                return PipelinePrompts.Repair(input.Requirements, input.Language, plan.Value, files.Value, tests.Value, verification);
            },
            repair => AnswerChecks.Files(repair.Files, input.Language, sandbox.Value) ?? AnswerChecks.Claims(repair.Claims),
            (repair, result) => result with
            {
                Summary = $"{repair.Files.Count} file(s), {repair.Disputes?.Count ?? 0} disputed test(s)",
                Disputes = repair.Disputes ?? [],
            });
}
