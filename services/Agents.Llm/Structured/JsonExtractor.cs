using System.Text.Json;

namespace Agents.Llm.Structured;

/// <summary>
/// Finds the JSON value in a model's answer: the whole text, a fenced block (```json … ```), or the first balanced
/// object or array within prose. Models asked for JSON still wrap it more often than not.
/// </summary>
public static class JsonExtractor
{
    public static string? Extract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var trimmed = text.Trim();
        if (IsJson(trimmed))
        {
            return trimmed;
        }
        foreach (var block in FencedBlocks(trimmed))
        {
            if (IsJson(block))
            {
                return block;
            }
        }
        for (var start = 0; start < trimmed.Length; start++)
        {
            if (trimmed[start] is '{' or '[' && BalancedEnd(trimmed, start) is { } end)
            {
                var candidate = trimmed[start..(end + 1)];
                if (IsJson(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static IEnumerable<string> FencedBlocks(string text)
    {
        var index = 0;
        while ((index = text.IndexOf("```", index, StringComparison.Ordinal)) >= 0)
        {
            var lineEnd = text.IndexOf('\n', index);
            if (lineEnd < 0)
            {
                yield break;
            }
            var close = text.IndexOf("```", lineEnd, StringComparison.Ordinal);
            if (close < 0)
            {
                yield return text[(lineEnd + 1)..].Trim();
                yield break;
            }
            yield return text[(lineEnd + 1)..close].Trim();
            index = close + 3;
        }
    }

    /// <summary>The index closing the bracket at <paramref name="start"/>, skipping brackets inside strings.</summary>
    private static int? BalancedEnd(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }
                    break;
                default:
                    break;
            }
        }
        return null;
    }

    private static bool IsJson(string candidate)
    {
        if (candidate.Length == 0 || candidate[0] is not ('{' or '['))
        {
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(candidate);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
