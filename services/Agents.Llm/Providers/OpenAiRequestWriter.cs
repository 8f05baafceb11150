using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Agents.Llm.Providers;

/// <summary>Writes a chat-completions request body (the OpenAI wire format every compatible server accepts).</summary>
internal static class OpenAiRequestWriter
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key that asks for <c>strict: true</c> on a JSON schema.</summary>
    public const string StrictJsonSchemaKey = "strictJsonSchema";

    private static readonly JsonTypeInfo s_argumentsType = AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>));

    /// <summary>A tool call's arguments as the JSON object string the wire format (and a cassette) carries.</summary>
    public static string ArgumentsJson(IDictionary<string, object?>? arguments) =>
        JsonSerializer.Serialize(arguments ?? new Dictionary<string, object?>(), s_argumentsType);

    public static byte[] Write(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            WriteMessages(json, messages, options?.Instructions);
            if (options is not null)
            {
                WriteOptions(json, options);
            }
            if (stream)
            {
                json.WriteBoolean("stream", true);
                json.WritePropertyName("stream_options");
                json.WriteStartObject();
                json.WriteBoolean("include_usage", true);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteMessages(Utf8JsonWriter json, IEnumerable<ChatMessage> messages, string? instructions)
    {
        json.WritePropertyName("messages");
        json.WriteStartArray();
        if (!string.IsNullOrEmpty(instructions))
        {
            WriteTextMessage(json, "system", instructions);
        }
        foreach (var message in messages)
        {
            var results = message.Contents.OfType<FunctionResultContent>().ToList();
            if (results.Count > 0)
            {
                // One wire message per tool result: that is how the protocol pairs results with calls.
                foreach (var result in results)
                {
                    json.WriteStartObject();
                    json.WriteString("role", "tool");
                    json.WriteString("tool_call_id", result.CallId);
                    json.WriteString("content", ResultText(result.Result));
                    json.WriteEndObject();
                }
                continue;
            }

            var calls = message.Contents.OfType<FunctionCallContent>().ToList();
            json.WriteStartObject();
            json.WriteString("role", RoleName(message.Role));
            var text = message.Text;
            if (calls.Count > 0 && string.IsNullOrEmpty(text))
            {
                json.WriteNull("content");
            }
            else
            {
                json.WriteString("content", text);
            }
            if (calls.Count > 0)
            {
                json.WritePropertyName("tool_calls");
                json.WriteStartArray();
                foreach (var call in calls)
                {
                    json.WriteStartObject();
                    json.WriteString("id", call.CallId);
                    json.WriteString("type", "function");
                    json.WritePropertyName("function");
                    json.WriteStartObject();
                    json.WriteString("name", call.Name);
                    json.WriteString("arguments", ArgumentsJson(call.Arguments));
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteTextMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter json, ChatOptions options)
    {
        if (options.Temperature is { } temperature)
        {
            json.WriteNumber("temperature", temperature);
        }
        if (options.TopP is { } topP)
        {
            json.WriteNumber("top_p", topP);
        }
        if (options.MaxOutputTokens is { } maxTokens)
        {
            json.WriteNumber("max_tokens", maxTokens);
        }
        if (options.Seed is { } seed)
        {
            json.WriteNumber("seed", seed);
        }
        if (options.FrequencyPenalty is { } frequency)
        {
            json.WriteNumber("frequency_penalty", frequency);
        }
        if (options.PresencePenalty is { } presence)
        {
            json.WriteNumber("presence_penalty", presence);
        }
        if (options.StopSequences is { Count: > 0 } stops)
        {
            json.WritePropertyName("stop");
            json.WriteStartArray();
            foreach (var stop in stops)
            {
                json.WriteStringValue(stop);
            }
            json.WriteEndArray();
        }
        WriteTools(json, options);
        WriteResponseFormat(json, options);
    }

    private static void WriteTools(Utf8JsonWriter json, ChatOptions options)
    {
        var functions = options.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        if (functions.Count == 0)
        {
            return;
        }
        json.WritePropertyName("tools");
        json.WriteStartArray();
        foreach (var function in functions)
        {
            json.WriteStartObject();
            json.WriteString("type", "function");
            json.WritePropertyName("function");
            json.WriteStartObject();
            json.WriteString("name", function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                json.WriteString("description", function.Description);
            }
            json.WritePropertyName("parameters");
            function.JsonSchema.WriteTo(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();

        switch (options.ToolMode)
        {
            case NoneChatToolMode:
                json.WriteString("tool_choice", "none");
                break;
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                json.WritePropertyName("tool_choice");
                json.WriteStartObject();
                json.WriteString("type", "function");
                json.WritePropertyName("function");
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteEndObject();
                json.WriteEndObject();
                break;
            case RequiredChatToolMode:
                json.WriteString("tool_choice", "required");
                break;
            case AutoChatToolMode:
                json.WriteString("tool_choice", "auto");
                break;
            default:
                break;
        }
    }

    private static void WriteResponseFormat(Utf8JsonWriter json, ChatOptions options)
    {
        if (options.ResponseFormat is not ChatResponseFormatJson format)
        {
            return;
        }
        json.WritePropertyName("response_format");
        json.WriteStartObject();
        if (format.Schema is not { } schema)
        {
            json.WriteString("type", "json_object");
            json.WriteEndObject();
            return;
        }
        json.WriteString("type", "json_schema");
        json.WritePropertyName("json_schema");
        json.WriteStartObject();
        json.WriteString("name", format.SchemaName ?? "response");
        if (!string.IsNullOrEmpty(format.SchemaDescription))
        {
            json.WriteString("description", format.SchemaDescription);
        }
        json.WritePropertyName("schema");
        schema.WriteTo(json);
        var strict = options.AdditionalProperties?.TryGetValue(StrictJsonSchemaKey, out var value) == true && value is true;
        json.WriteBoolean("strict", strict);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string RoleName(ChatRole role) =>
        role == ChatRole.System ? "system"
        : role == ChatRole.Assistant ? "assistant"
        : role == ChatRole.Tool ? "tool"
        : role == ChatRole.User ? "user"
        : role.Value;

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string s => s,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType())),
    };
}
