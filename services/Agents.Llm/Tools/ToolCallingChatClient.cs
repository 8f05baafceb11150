using Microsoft.Extensions.AI;

namespace Agents.Llm.Tools;

/// <summary>
/// Runs the model's tool calls: when a response asks for <see cref="AIFunction"/>s given in <see cref="ChatOptions.Tools"/>,
/// they are invoked, their results sent back, and the model asked again — at most <see cref="MaxRounds"/> times, after
/// which one last request without tools makes it answer. Shaped like Microsoft.Extensions.AI's FunctionInvokingChatClient.
/// Streaming passes through unchanged (the pipeline uses tools only on non-streamed calls).
/// </summary>
public sealed class ToolCallingChatClient : DelegatingChatClient
{
    public const int DefaultMaxRounds = 8;

    public ToolCallingChatClient(IChatClient inner, int maxRounds = DefaultMaxRounds)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRounds, 1);
        MaxRounds = maxRounds;
    }

    public int MaxRounds { get; }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var functions = options?.Tools?.OfType<AIFunction>().ToDictionary(f => f.Name, StringComparer.Ordinal) ?? [];
        if (functions.Count == 0)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        var history = new List<ChatMessage>(messages);
        var added = new List<ChatMessage>();
        var usage = new UsageDetails();
        for (var round = 0; ; round++)
        {
            // Bound reached: ask once more with the tools withdrawn, so the model has to answer.
            var roundOptions = round < MaxRounds ? options : WithoutTools(options!);
            var response = await base.GetResponseAsync(history, roundOptions, cancellationToken).ConfigureAwait(false);
            if (response.Usage is not null)
            {
                usage.Add(response.Usage);
            }

            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0 || round >= MaxRounds)
            {
                added.AddRange(response.Messages);
                response.Messages = added;
                response.Usage = usage;
                return response;
            }

            history.AddRange(response.Messages);
            added.AddRange(response.Messages);
            var results = new List<AIContent>();
            foreach (var call in calls)
            {
                results.Add(new FunctionResultContent(call.CallId, await InvokeAsync(functions, call, cancellationToken).ConfigureAwait(false)));
            }
            var toolMessage = new ChatMessage(ChatRole.Tool, results);
            history.Add(toolMessage);
            added.Add(toolMessage);
        }
    }

    /// <summary>A failing tool is reported to the model as its result rather than ending the conversation.</summary>
    private static async Task<object?> InvokeAsync(Dictionary<string, AIFunction> functions, FunctionCallContent call, CancellationToken cancellationToken)
    {
        if (!functions.TryGetValue(call.Name, out var function))
        {
            return $"Error: there is no tool named '{call.Name}'. Available: {string.Join(", ", functions.Keys)}.";
        }
        if (call.Exception is not null)
        {
            return $"Error: the arguments for '{call.Name}' are not valid JSON: {call.Exception.Message}";
        }
        try
        {
            return await function.InvokeAsync(new AIFunctionArguments(call.Arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"Error: '{call.Name}' failed: {ex.Message}";
        }
    }

    private static ChatOptions WithoutTools(ChatOptions options)
    {
        var copy = options.Clone();
        copy.Tools = null;
        copy.ToolMode = null;
        return copy;
    }
}
