using System.Net.ServerSentEvents;
using System.Text.Json;
using Agents.Contracts;
using Agents.Llm;
using Agents.Llm.Cassettes;
using Agents.Llm.Configuration;
using Agents.Llm.Providers;
using Agents.Llm.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Agents.Gateway.Apis;

/// <summary><c>POST /api/chat</c>: chat through the provider router, answered whole or as Server-Sent Events.</summary>
internal static class ChatApi
{
    private static readonly string[] s_messageRoles = ["system", "user", "assistant"];
    private static readonly string[] s_llmRoles = Enum.GetNames<LlmRole>();

    public static RouteHandlerBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ServiceProvider;
        var maxRequestBytes = new ConfiguredRequestSizeLimit(() => services.GetRequiredService<IOptions<LlmOptions>>().Value.MaxChatRequestBytes);
        return app.MapPost("/api/chat", PostChatAsync).WithName("Chat").WithTags("LLM")
            .WithMetadata(maxRequestBytes).RequireRateLimiting(ApiRateLimits.ChatAndVerify)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status502BadGateway);
    }

    public static async Task<Results<Ok<ChatReply>, ServerSentEventsResult<string>, ValidationProblem, ProblemHttpResult>> PostChatAsync(
        ChatRequest request, ILlmClients clients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Validate(request) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var role = request.Role is null ? LlmRole.Default : Enum.Parse<LlmRole>(request.Role, ignoreCase: true);
        IChatClient? client = request.Model is null ? clients.ForRole(role) : clients.ForModel(request.Model, role);
        if (client is null)
        {
            return Invalid("model", $"'{request.Model}' is not a configured provider or model; see GET /api/providers.");
        }

        var messages = request.Messages!.Select(m => new ChatMessage(new ChatRole(m.Role!.ToLowerInvariant()), m.Content)).ToList();
        if (request.Stream)
        {
            return await StreamAsync(client, messages, cancellationToken);
        }

        try
        {
            var response = await client.GetResponseAsync(messages, cancellationToken: cancellationToken);
            return TypedResults.Ok(new ChatReply(response.Text, response.ModelId, ProviderOf(response.AdditionalProperties), UsageOf(response.Usage, response.AdditionalProperties)));
        }
        catch (Exception ex) when (IsLlmFailure(ex))
        {
            return LlmFailed(ex);
        }
    }

    private static async Task<Results<Ok<ChatReply>, ServerSentEventsResult<string>, ValidationProblem, ProblemHttpResult>> StreamAsync(
        IChatClient client, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var updates = client.GetStreamingResponseAsync(messages, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool any;
        try
        {
            // Failures before the first chunk (every provider down) are still an ordinary error response.
            any = await updates.MoveNextAsync();
        }
        catch (Exception ex) when (IsLlmFailure(ex))
        {
            await updates.DisposeAsync();
            return LlmFailed(ex);
        }
        return TypedResults.ServerSentEvents(EventsAsync(updates, any));
    }

    /// <summary>delta events with the text, then done with the totals; a failure after the headers is an error event.</summary>
    private static async IAsyncEnumerable<SseItem<string>> EventsAsync(IAsyncEnumerator<ChatResponseUpdate> updates, bool any)
    {
        await using var _ = updates;
        string? model = null;
        var provider = "";
        UsageDetails? usage = null;
        decimal cost = 0;
        string? failure = null;
        while (any)
        {
            var update = updates.Current;
            model ??= update.ModelId;
            provider = update.AdditionalProperties?.GetValueOrDefault(LlmMetadata.Provider) as string ?? provider;
            if (update.AdditionalProperties?.GetValueOrDefault(LlmMetadata.CostUsd) is decimal c)
            {
                cost = c;
            }
            foreach (var content in update.Contents.OfType<UsageContent>())
            {
                usage = content.Details;
            }
            if (update.Text is { Length: > 0 } text)
            {
                yield return new SseItem<string>(JsonSerializer.Serialize(new ChatStreamDelta(text), AgentsJsonContext.Default.ChatStreamDelta), "delta");
            }
            try
            {
                any = await updates.MoveNextAsync();
            }
            catch (Exception ex) when (IsLlmFailure(ex) || ex is HttpRequestException or IOException)
            {
                failure = ex.Message;
                any = false;
            }
        }
        yield return failure is null
            ? new SseItem<string>(JsonSerializer.Serialize(new ChatStreamCompleted(model, provider, new ChatUsage(usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, cost)), AgentsJsonContext.Default.ChatStreamCompleted), "done")
            : new SseItem<string>(JsonSerializer.Serialize(new ChatStreamFailed(failure), AgentsJsonContext.Default.ChatStreamFailed), "error");
    }

    private static Dictionary<string, string[]>? Validate(ChatRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Messages is not { Count: > 0 })
        {
            errors["messages"] = ["At least one message is required."];
        }
        else
        {
            for (var i = 0; i < request.Messages.Count; i++)
            {
                var message = request.Messages[i];
                if (message is null)
                {
                    errors[$"messages[{i}]"] = ["A message must be an object with role and content."];
                    continue;
                }
                if (!s_messageRoles.Contains(message.Role, StringComparer.OrdinalIgnoreCase))
                {
                    errors[$"messages[{i}].role"] = [$"'{message.Role}' is not a message role; use system, user or assistant."];
                }
                if (message.Content is null)
                {
                    errors[$"messages[{i}].content"] = ["Content is required."];
                }
            }
        }
        if (request.Role is not null && !s_llmRoles.Contains(request.Role, StringComparer.OrdinalIgnoreCase))
        {
            errors["role"] = [$"'{request.Role}' is not a role; use planner, coder, testDesigner, reviewer or default."];
        }
        if (request.Model is not null && string.IsNullOrWhiteSpace(request.Model))
        {
            errors["model"] = ["The model must not be empty; leave it out to use the role's chain."];
        }
        return errors.Count == 0 ? null : errors;
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static bool IsLlmFailure(Exception ex) =>
        ex is LlmUnavailableException or LlmProviderException or CassetteMissException;

    /// <summary>The providers failed, not the caller: 502 with the message naming each provider and why.</summary>
    private static ProblemHttpResult LlmFailed(Exception ex) =>
        TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status502BadGateway, title: "The LLM providers did not answer.");

    private static string ProviderOf(AdditionalPropertiesDictionary? properties) =>
        properties?.GetValueOrDefault(LlmMetadata.Provider) as string ?? "";

    private static ChatUsage UsageOf(UsageDetails? usage, AdditionalPropertiesDictionary? properties) =>
        new(usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, properties?.GetValueOrDefault(LlmMetadata.CostUsd) is decimal cost ? cost : 0m);
}
