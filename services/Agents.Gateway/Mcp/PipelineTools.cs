using System.ComponentModel;
using Agents.Contracts;
using Agents.Pipeline;
using Agents.Pipeline.Operations;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Agents.Gateway.Mcp;

/// <summary>The pipeline tools: the <c>/api/workflow</c> operations for a model that calls tools.</summary>
[McpServerToolType]
internal sealed class PipelineTools(IPipelineOperations pipelines)
{
    [McpServerTool(Name = "start_pipeline", Title = "Start a plan → tests → code → verify pipeline", Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description(
        "Starts a pipeline that turns a requirement into verified code: a plan, tests designed from the requirement, code, " +
        "then verification in a sandbox, repeated up to maxIterations times until the tests pass. Returns the run's id at once; " +
        "the run takes minutes. Poll get_run with the id until its status is Completed, Failed or Terminated (or " +
        "WaitingForApproval when approval is 'plan': then call approve_run). Each file of a finished run is also a resource.")]
    public async Task<StartedPipeline> StartPipelineAsync(
        [Description("What the code must do, in plain words, e.g. \"a function add(a, b) that returns the sum\".")] string requirements,
        [Description("python, javascript or csharp.")] string language,
        [Description("How many code → verify rounds at most (1 to 10); the server's default when omitted.")] int? maxIterations = null,
        [Description("'none' (the default) runs straight through; 'plan' stops after planning until approve_run.")] string? approval = null,
        CancellationToken cancellationToken = default)
    {
        // Validated by the operations, to the rules of the HTTP API.
        var id = await McpRefusals.Call(() => pipelines.StartAsync(new PipelineRequest(requirements, language, maxIterations, approval), cancellationToken));
        return new StartedPipeline(id, PipelineStatuses.Pending, RunFileResources.TemplateFor(id));
    }

    [McpServerTool(Name = "get_run", Title = "Read a pipeline run", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description(
        "Reads one pipeline run: status (Pending, Running, WaitingForApproval, Completed, Failed, Terminated), current step, " +
        "iteration, the plan, the tests and code files, each iteration's test results and checkpoints with proof, the trust " +
        "score, token usage and cost, and the reason when it failed.")]
    public async Task<PipelineRun> GetRunAsync(
        [Description("The run's id, as start_pipeline or list_runs returned it.")] string id,
        CancellationToken cancellationToken = default) =>
        await McpRefusals.Call(() => pipelines.GetAsync(id, cancellationToken)) ?? throw NotFound(id);

    [McpServerTool(Name = "list_runs", Title = "List pipeline runs", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists pipeline runs, newest first, a page at a time: id, status, step, language, requirements and times. Pass `next` from a page to read the following one.")]
    public async Task<PipelineRunPage> ListRunsAsync(
        [Description("Runs per page, 1 to 100 (default 20).")] int? pageSize = null,
        [Description("The continuation token from the previous page's `next`.")] string? next = null,
        CancellationToken cancellationToken = default) =>
        await McpRefusals.Call(() =>
        {
            ContractValidation.ThrowIfInvalidPage(pageSize, next);
            return pipelines.ListAsync(pageSize ?? PipelineApiLimits.DefaultPageSize, next, cancellationToken);
        });

    [McpServerTool(Name = "approve_run", Title = "Approve or reject a run's plan", Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Decides a run waiting for approval (status WaitingForApproval): approved = true lets it go on to tests and code; false rejects the plan and ends the run, with the reason recorded.")]
    public async Task<RunDecision> ApproveRunAsync(
        [Description("The run's id.")] string id,
        [Description("true to approve the plan, false to reject it.")] bool approved,
        [Description("Why, recorded with the decision (at most 2,000 characters).")] string? reason = null,
        CancellationToken cancellationToken = default)
    {
        return await McpRefusals.Call(() => pipelines.ApproveAsync(id, new ApprovalDecision(approved, reason), cancellationToken)) switch
        {
            RunCommandOutcome.Accepted => new RunDecision(id, approved, "accepted"),
            RunCommandOutcome.NotFound => throw NotFound(id),
            _ => throw new McpException($"Run '{id}' is not waiting for approval."),
        };
    }

    private static McpException NotFound(string id) => new($"There is no run '{id}'.");
}
