using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Agents.Llm.Providers;
using Microsoft.Extensions.AI;

namespace Agents.Llm.Structured;

/// <summary>
/// Asks for an answer in a named JSON schema (sent as <c>response_format: {type: "json_schema", json_schema: {name, schema, strict}}</c>),
/// reads it tolerantly, validates it against the schema, the type and an optional check, and re-asks with the exact
/// problem a bounded number of times. Models drift from schemas, and many OpenAI-compatible servers ignore them.
/// </summary>
public static class StructuredOutput
{
    public const int DefaultMaxAttempts = 3;

    /// <summary>Gets a validated <typeparamref name="T"/> (see <see cref="GetStructuredResultAsync"/>).</summary>
    public static async Task<T> GetStructuredAsync<T>(
        this IChatClient client,
        IEnumerable<ChatMessage> messages,
        string schemaName,
        JsonTypeInfo<T> typeInfo,
        int maxAttempts = DefaultMaxAttempts,
        JsonElement? schema = null,
        Func<T, string?>? validate = null,
        ChatOptions? options = null,
        bool strict = false,
        CancellationToken cancellationToken = default) =>
        (await client.GetStructuredResultAsync(messages, schemaName, typeInfo, maxAttempts, schema, validate, options, strict, cancellationToken).ConfigureAwait(false)).Value;

    /// <param name="client">Usually a role's client from <c>ILlmClients.ForRole</c>.</param>
    /// <param name="messages">The conversation; it is not modified.</param>
    /// <param name="schemaName">The schema name the provider sees (<c>plan</c>, <c>tests</c>, <c>code</c>, <c>repair</c>).</param>
    /// <param name="typeInfo">Reads the answer (source-generated, e.g. from AgentsJsonContext).</param>
    /// <param name="maxAttempts">Total requests allowed, the first included.</param>
    /// <param name="schema">The JSON schema; generated from <paramref name="typeInfo"/> when null.</param>
    /// <param name="validate">Extra checks on the parsed value: return an error message, or null when it is fine.</param>
    /// <param name="options">Other options (temperature, …); its response format is replaced.</param>
    /// <param name="strict">Ask the provider for strict schema adherence (the schema must then satisfy OpenAI's strict rules).</param>
    public static async Task<StructuredResult<T>> GetStructuredResultAsync<T>(
        this IChatClient client,
        IEnumerable<ChatMessage> messages,
        string schemaName,
        JsonTypeInfo<T> typeInfo,
        int maxAttempts = DefaultMaxAttempts,
        JsonElement? schema = null,
        Func<T, string?>? validate = null,
        ChatOptions? options = null,
        bool strict = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaName);
        ArgumentNullException.ThrowIfNull(typeInfo);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);

        var jsonSchema = schema ?? AIJsonUtilities.CreateJsonSchema(typeof(T), serializerOptions: typeInfo.Options);
        var requestOptions = options?.Clone() ?? new ChatOptions();
        requestOptions.ResponseFormat = ChatResponseFormat.ForJsonSchema(jsonSchema, schemaName);
        // The abstraction has no strict flag; the OpenAI SDK's own options carry it, and the SDK-based client starts
        // from them (other clients ignore the factory and use ResponseFormat).
        var schemaBytes = BinaryData.FromString(jsonSchema.GetRawText());
        requestOptions.RawRepresentationFactory = _ => new OpenAI.Chat.ChatCompletionOptions
        {
            ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(schemaName, schemaBytes, jsonSchemaIsStrict: strict),
        };

        var conversation = new List<ChatMessage>(messages);
        string error = "";
        string? answer = null;
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            var response = await client.GetResponseAsync(conversation, requestOptions, cancellationToken).ConfigureAwait(false);
            answer = response.Text;
            if (TryRead(answer, jsonSchema, typeInfo, validate, out var value, out var json, out error))
            {
                return new StructuredResult<T>(value!, attempt, json!);
            }

            conversation.Add(new ChatMessage(ChatRole.Assistant, answer));
            conversation.Add(new ChatMessage(ChatRole.User,
                $"Your previous answer could not be used: {error} Answer again with only one JSON value matching the '{schemaName}' schema: no prose, no markdown fences."));
        }
        throw new StructuredOutputException(schemaName, maxAttempts, error, answer);
    }

    /// <summary>Extracts, schema-checks, deserialises and checks one answer; on failure says what is wrong.</summary>
    public static bool TryRead<T>(string? answer, JsonElement schema, JsonTypeInfo<T> typeInfo, Func<T, string?>? validate, out T? value, out string? json, out string error)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        value = default;
        json = JsonExtractor.Extract(answer);
        if (json is null)
        {
            error = "it contains no JSON object.";
            return false;
        }

        using (var document = JsonDocument.Parse(json))
        {
            var problems = JsonSchemaValidator.Validate(schema, document.RootElement);
            if (problems.Count > 0)
            {
                error = "it does not match the schema: " + string.Join(" ", problems);
                return false;
            }
        }

        try
        {
            value = JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException ex)
        {
            error = $"it cannot be read: {ex.Message}";
            return false;
        }
        if (value is null)
        {
            error = "it is null.";
            return false;
        }
        if (validate?.Invoke(value) is { } problem)
        {
            error = problem;
            value = default;
            return false;
        }
        error = "";
        return true;
    }
}
