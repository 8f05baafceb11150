using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agents.Contracts;
using Agents.Gateway.Distributed;
using Agents.Pipeline;
using Agents.Pipeline.Apis;
using Microsoft.AspNetCore.Mvc;
using ModelContextProtocol;

namespace Agents.Gateway.Mcp;

/// <summary>
/// The distributed mode's operations: the orchestrator's <c>/api/workflow</c>, the same calls the forwarding API
/// passes through, read as contracts. Its 400s become the field-by-field message, 404 and 409 outcomes, anything else
/// a refusal that names the status.
/// </summary>
internal sealed class OrchestratorPipelineOperations(OrchestratorClient orchestrator) : IPipelineOperations
{
    public async Task<string> StartAsync(PipelineRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"{WorkflowApi.RoutePrefix}/full-sdlc", JsonContent.Create(request, AgentsJsonContext.Default.PipelineRequest), cancellationToken);
        await ThrowUnlessSuccessAsync(response, cancellationToken);
        var accepted = await response.Content.ReadFromJsonAsync(AgentsJsonContext.Default.PipelineAccepted, cancellationToken);
        return accepted?.Id ?? throw new McpException("The orchestrator accepted the run but did not say its id.");
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
            ?? throw new McpException("The orchestrator answered the list with an empty body.");
    }

    public async Task<RunCommandOutcome> ApproveAsync(string id, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            HttpMethod.Post, $"{WorkflowApi.RoutePrefix}/{Uri.EscapeDataString(id)}/approve", JsonContent.Create(decision, AgentsJsonContext.Default.ApprovalDecision), cancellationToken);
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
            throw new McpException($"The orchestrator, which runs pipelines, is unreachable: {ex.Message}", ex);
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
            throw new McpException(string.Join(" ", problem.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }
        throw new McpException($"The orchestrator answered {(int)response.StatusCode}: {problem?.Detail ?? problem?.Title ?? response.ReasonPhrase}");
    }

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
