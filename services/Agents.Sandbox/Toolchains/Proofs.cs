using Agents.Contracts;
using Agents.Sandbox.Isolation;

namespace Agents.Sandbox.Toolchains;

/// <summary>Turns a command result into a checkpoint proof with a bounded output excerpt.</summary>
internal static class Proofs
{
    public const int ExcerptLength = 4000;

    public static CheckpointProof From(CommandResult result)
    {
        var output = result.StopReason is { } reason ? $"[{reason}]\n{result.Output}" : result.Output;
        return new CheckpointProof(result.Command, result.ExitCode, Math.Round(result.Duration.TotalMilliseconds, 1), Excerpt(output));
    }

    public static string Excerpt(string text)
    {
        if (text.Length <= ExcerptLength)
        {
            return text;
        }
        // Head and tail: the start shows what ran, the end shows the verdict.
        return text[..(ExcerptLength / 2)] + "\n…[truncated]…\n" + text[^(ExcerptLength / 2)..];
    }
}
