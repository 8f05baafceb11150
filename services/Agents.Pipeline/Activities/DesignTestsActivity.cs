using Agents.Contracts;
using Agents.Llm;
using Agents.Pipeline.Llm;
using Agents.Pipeline.Storage;
using Agents.Sandbox;
using Dapr.Workflow;
using Microsoft.Extensions.Options;

namespace Agents.Pipeline.Activities;

/// <summary>The test designer writes tests (schema <c>tests</c>) from the requirements and the plan; it never sees the code.</summary>
internal sealed class DesignTestsActivity(LlmStep step, IOptions<SandboxOptions> sandbox) : WorkflowActivity<TestsRequest, LlmStepResult>
{
    public override Task<LlmStepResult> RunAsync(WorkflowActivityContext context, TestsRequest input) =>
        step.RunAsync(
            input.RunId, PipelineSteps.Tests, 1, LlmRole.TestDesigner, PipelineSteps.Tests, AgentsJsonContext.Default.TestDesign, PipelineSchemas.Tests,
            async () =>
            {
                var plan = await step.Store.GetRequiredAsync<LlmArtifact<PipelinePlan>>(input.PlanKey, CancellationToken.None).ConfigureAwait(false);
                return PipelinePrompts.Tests(input.Requirements, input.Language, plan.Value);
            },
            tests => AnswerChecks.Files(tests.Files, input.Language, sandbox.Value),
            (tests, result) => result with { Summary = $"{tests.Files.Count} test file(s): {string.Join(", ", tests.Files.Select(f => f.Path))}" });
}
