namespace Agents.Pipeline.Activities;

/// <summary>
/// An exception's message followed by the messages of the failures it wraps, each once: "A provider is skipped: its
/// circuit is open. Caused by: … Connection refused (127.0.0.1:1)." rather than the outermost message alone.
/// </summary>
internal static class FailureChain
{
    private const int MaxDepth = 8;

    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception.Message;
        foreach (var inner in Inner(exception, 0))
        {
            if (!string.IsNullOrWhiteSpace(inner.Message) && !text.Contains(inner.Message, StringComparison.Ordinal))
            {
                text = $"{text.TrimEnd()} Caused by: {inner.Message}";
            }
        }
        return text;
    }

    private static IEnumerable<Exception> Inner(Exception exception, int depth)
    {
        if (depth >= MaxDepth)
        {
            yield break;
        }
        var children = exception is AggregateException aggregate ? aggregate.InnerExceptions : exception.InnerException is { } one ? [one] : [];
        foreach (var child in children)
        {
            yield return child;
            foreach (var grandchild in Inner(child, depth + 1))
            {
                yield return grandchild;
            }
        }
    }
}
