using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Agents.Llm.Routing;
using Microsoft.Extensions.AI;

namespace Agents.Llm.Cassettes;

/// <summary>
/// A file of recorded LLM exchanges. Recording appends and rewrites the file after each exchange (atomically, so
/// a crash leaves the previous version); replaying serves identical requests in the order they were recorded.
/// </summary>
public sealed class Cassette
{
    private static readonly JsonTypeInfo s_argumentsType = AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>));

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly List<CassetteInteraction> _interactions;
    private readonly Dictionary<string, int> _served = new(StringComparer.Ordinal);

    public Cassette(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = System.IO.Path.GetFullPath(path);
        _interactions = File.Exists(_path)
            ? JsonSerializer.Deserialize(File.ReadAllText(_path), CassetteJsonContext.Default.CassetteFile)?.Interactions ?? []
            : [];
    }

    public string Path => _path;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _interactions.Count;
            }
        }
    }

    /// <summary>The key of a request: what was asked and how (role, messages, instructions, tools, response format), not which model answered.</summary>
    public static string KeyOf(LlmRole role, IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        AIJsonUtilities.HashDataToString(
            [role.ToString(), messages.ToList(), options?.Instructions, options?.ResponseFormat, options?.Temperature, options?.MaxOutputTokens,
             options?.Tools?.Select(t => t.Name).ToList()],
            AIJsonUtilities.DefaultOptions);

    public void Record(string key, LlmRole role, IEnumerable<ChatMessage> messages, ChatResponse response)
    {
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .Select(c => new CassetteToolCall(c.CallId, c.Name, JsonSerializer.Serialize(c.Arguments ?? new Dictionary<string, object?>(), s_argumentsType)))
            .ToList();
        var provider = response.AdditionalProperties?.TryGetValue(LlmMetadata.Provider, out var p) == true ? p as string : null;
        var recorded = new CassetteInteraction(key, role.ToString(), messages.LastOrDefault()?.Text ?? "",
            new CassetteResponse(response.Text is { Length: > 0 } text ? text : null, calls, response.ModelId, provider, response.FinishReason?.Value,
                response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0));
        lock (_gate)
        {
            _interactions.Add(recorded);
            var directory = System.IO.Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            var temporary = _path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(new CassetteFile(1, _interactions), CassetteJsonContext.Default.CassetteFile));
            File.Move(temporary, _path, overwrite: true);
        }
    }

    /// <summary>The next recorded answer for <paramref name="key"/>; the last one again once they are used up.</summary>
    public ChatResponse? Play(string key)
    {
        CassetteResponse recorded;
        lock (_gate)
        {
            var matches = _interactions.Where(i => i.Key == key).ToList();
            if (matches.Count == 0)
            {
                return null;
            }
            var index = _served.GetValueOrDefault(key);
            _served[key] = index + 1;
            recorded = matches[Math.Min(index, matches.Count - 1)].Response;
        }

        var contents = new List<AIContent>();
        if (recorded.Text is not null)
        {
            contents.Add(new TextContent(recorded.Text));
        }
        contents.AddRange(recorded.ToolCalls.Select(c => FunctionCallContent.CreateFromParsedArguments(c.Arguments, c.Id, c.Name,
            static json => JsonSerializer.Deserialize(json, s_argumentsType) as IDictionary<string, object?>)));
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ModelId = recorded.Model,
            FinishReason = recorded.FinishReason is null ? null : new ChatFinishReason(recorded.FinishReason),
            Usage = new UsageDetails { InputTokenCount = recorded.InputTokens, OutputTokenCount = recorded.OutputTokens, TotalTokenCount = recorded.InputTokens + recorded.OutputTokens },
            AdditionalProperties = new() { [LlmMetadata.Provider] = recorded.Provider ?? "cassette", [CassetteChatClient.ReplayedKey] = true },
        };
    }
}
