using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agents.Contracts;
using Agents.Pipeline;
using Agents.Pipeline.Apis;
using Agents.Pipeline.Operations;
using Microsoft.AspNetCore.Mvc;
using Polly;

namespace Agents.Gateway.Distributed;

/// <summary>
/// The distributed mode's operations (for gRPC and MCP): the orchestrator's <c>/api/workflow</c>, the same calls the
/// forwarding API passes through, read as contracts. Requests are checked against the contracts here first, so a bad
/// one costs no hop; the orchestrator's 400s become the same field-by-field refusal, 404 and 409 outcomes, an
/// unreachable orchestrator or any other status a refusal that names it.
/// </summary>
internal sealed class OrchestratorPipelineOperations(OrchestratorClient orchestrator) : IPipelineOperations
{
    public async Task<string> StartAsync(PipelineRequest request, CancellationToken cancellationToken)
    {
        ContractValidation.ThrowIfInvalid(request);
        using var response = await SendAsync(HttpMethod.Post, $"{WorkflowApi.RoutePrefix}/full-sdlc", JsonContent.Create(request, AgentsJsonContext.Default.PipelineRequest), cancellationToken);
        await ThrowUnlessSuccessAsync(response, cancellationToken);
        var accepted = await response.Content.ReadFromJsonAsync(AgentsJsonContext.Default.PipelineAccepted, cancellationToken);
        return accepted?.Id ?? throw new PipelinesUnavailableException("The orchestrator accepted the run but did not say its id.");
    }

    public async Task<PipelineRun?> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{WorkflowApi.RoutePrefix}/{Uri.EscapeDataString(id)}", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await ThrowUnlessSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(AgentsJsonContext.Default.PipelineRun, cancellationToken);
    }

    public async Task<PipelineRunPage> ListAsync(int pageSize, string? next, CancellationToken cancellationToken)
    {
        var query = $"?pageSize={pageSize}" + (next is null ? "" : $"&next={Uri.EscapeDataString(next)}");
        using var response = await SendAsync(HttpMethod.Get, $"{WorkflowApi.RoutePrefix}/{query}", null, cancellationToken);
        await ThrowUnlessSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(AgentsJsonContext.Default.PipelineRunPage, cancellationToken)
            ?? throw new PipelinesUnavailableException("The orchestrator answered the list with an empty body.");
    }

    public Task<RunCommandOutcome> ApproveAsync(string id, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        ContractValidation.ThrowIfInvalid(decision);
        return CommandAsync($"{Uri.EscapeDataString(id)}/approve", JsonContent.Create(decision, AgentsJsonContext.Default.ApprovalDecision), cancellationToken);
    }

    public Task<RunCommandOutcome> TerminateAsync(string id, string? reason, CancellationToken cancellationToken)
    {
        var request = new TerminateRequest(reason);
        ContractValidation.ThrowIfInvalid(request);
        return CommandAsync($"{Uri.EscapeDataString(id)}/terminate", JsonContent.Create(request, AgentsJsonContext.Default.TerminateRequest), cancellationToken);
    }

    private async Task<RunCommandOutcome> CommandAsync(string path, HttpContent body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"{WorkflowApi.RoutePrefix}/{path}", body, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.NotFound:
                return RunCommandOutcome.NotFound;
            case HttpStatusCode.Conflict:
                return RunCommandOutcome.Conflict;
            default:
                await ThrowUnlessSuccessAsync(response, cancellationToken);
                return RunCommandOutcome.Accepted;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        try
        {
            return await orchestrator.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex.Message, ex);
        }
        catch (ExecutionRejectedException ex)
        {
            // The resilience handler's circuit is open (recent calls failed) or a read ran past its timeout.
            throw Unreachable(ex.Message, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable("It did not answer in time.", ex);
        }
    }

    private static async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var problem = await ReadProblemAsync(response, cancellationToken);
        if (problem is { Errors.Count: > 0 })
        {
            throw new PipelineRequestRejectedException(problem.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
        }
        throw new PipelinesUnavailableException($"The orchestrator answered {(int)response.StatusCode}: {problem?.Detail ?? problem?.Title ?? response.ReasonPhrase}");
    }

    private static PipelinesUnavailableException Unreachable(string detail, Exception inner) =>
        new($"The orchestrator, which runs pipelines, is unreachable: {detail}", inner);

    private static async Task<HttpValidationProblemDetails?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(JsonSerializerOptions.Web, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
