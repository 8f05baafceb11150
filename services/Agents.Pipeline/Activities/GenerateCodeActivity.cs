using Agents.Contracts;
using Agents.Llm;
using Agents.Pipeline.Llm;
using Agents.Pipeline.Storage;
using Agents.Sandbox;
using Dapr.Workflow;
using Microsoft.Extensions.Options;

namespace Agents.Pipeline.Activities;

/// <summary>The coder writes the files of the plan with claims about what they define (schema <c>code</c>).</summary>
internal sealed class GenerateCodeActivity(LlmStep step, IOptions<SandboxOptions> sandbox) : WorkflowActivity<CodeRequest, LlmStepResult>
{
    public override Task<LlmStepResult> RunAsync(WorkflowActivityContext context, CodeRequest input) =>
        step.RunAsync(
            input.RunId, PipelineSteps.Code, 1, LlmRole.Coder, PipelineSteps.Code, AgentsJsonContext.Default.CodeDraft, PipelineSchemas.Code,
            async () =>
            {
                var plan = await step.Store.GetRequiredAsync<LlmArtifact<PipelinePlan>>(input.PlanKey, CancellationToken.None).ConfigureAwait(false);
                return PipelinePrompts.Code(input.Requirements, input.Language, plan.Value);
            },
            code => AnswerChecks.Files(code.Files, input.Language, sandbox.Value) ?? AnswerChecks.Claims(code.Claims),
            (code, result) => result with { Summary = $"{code.Files.Count} file(s), {code.Claims.Count} claim(s)" });
}
