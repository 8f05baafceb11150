using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Agents.Llm.Providers;

/// <summary>Reads chat-completions responses and stream chunks into Microsoft.Extensions.AI types.</summary>
internal static class OpenAiResponseReader
{
    public static ChatResponse ReadResponse(JsonElement root)
    {
        var contents = new List<AIContent>();
        ChatFinishReason? finish = null;
        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            if (choice.TryGetProperty("message", out var message))
            {
                if (ReadContent(message) is { Length: > 0 } text)
                {
                    contents.Add(new TextContent(text));
                }
                if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var call in calls.EnumerateArray())
                    {
                        var function = call.GetProperty("function");
                        contents.Add(CreateCall(
                            call.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "",
                            function.GetProperty("name").GetString() ?? "",
                            function.TryGetProperty("arguments", out var arguments) ? arguments : default));
                    }
                }
            }
            finish = ReadFinishReason(choice);
        }
        else
        {
            throw new JsonException("the body has no choices");
        }

        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ResponseId = ReadString(root, "id"),
            ModelId = ReadString(root, "model"),
            FinishReason = finish,
            Usage = ReadUsage(root),
        };
        if (root.TryGetProperty("created", out var created) && created.TryGetInt64(out var seconds))
        {
            response.CreatedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        return response;
    }

    /// <summary>Turns the tool-call arguments (a JSON string, or an object from lenient servers) into a name → JsonElement map.</summary>
    public static FunctionCallContent CreateCall(string callId, string name, JsonElement arguments)
    {
        var text = arguments.ValueKind switch
        {
            JsonValueKind.String => arguments.GetString(),
            JsonValueKind.Object => arguments.GetRawText(),
            _ => null,
        };
        return CreateCall(callId, name, text);
    }

    public static FunctionCallContent CreateCall(string callId, string name, string? argumentsJson)
    {
        var arguments = new Dictionary<string, object?>();
        Exception? error = null;
        if (!string.IsNullOrWhiteSpace(argumentsJson))
        {
            try
            {
                using var document = JsonDocument.Parse(argumentsJson);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        arguments[property.Name] = property.Value.Clone();
                    }
                }
            }
            catch (JsonException ex)
            {
                // Kept on the call: the tool loop reports it to the model instead of invoking the function.
                error = ex;
            }
        }
        return new FunctionCallContent(callId, name, arguments) { Exception = error };
    }

    public static UsageDetails? ReadUsage(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        return new UsageDetails
        {
            InputTokenCount = ReadLong(usage, "prompt_tokens"),
            OutputTokenCount = ReadLong(usage, "completion_tokens"),
            TotalTokenCount = ReadLong(usage, "total_tokens"),
        };
    }

    public static ChatFinishReason? ReadFinishReason(JsonElement choice) =>
        ReadString(choice, "finish_reason") switch
        {
            null => null,
            "stop" => ChatFinishReason.Stop,
            "length" => ChatFinishReason.Length,
            "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
            "content_filter" => ChatFinishReason.ContentFilter,
            var other => new ChatFinishReason(other),
        };

    /// <summary>Content is a string on most servers, an array of text parts on a few.</summary>
    public static string? ReadContent(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return null;
        }
        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString(),
            JsonValueKind.Array => string.Concat(content.EnumerateArray()
                .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out _))
                .Select(p => p.GetProperty("text").GetString())),
            _ => null,
        };
    }

    public static string? ReadString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? ReadLong(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : null;
}
