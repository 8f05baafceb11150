namespace Agents.Sandbox.Toolchains;

/// <summary>
/// Finds the harness's report in a command's output: exactly one block between the markers. The harness escapes
/// <c>@</c> in everything it embeds, so the markers can only appear where the harness itself wrote them; a second
/// block means something else wrote one (the code under test, through an inherited or reopened stream).
/// </summary>
internal static class HarnessOutput
{
    public const string Begin = "@@agents-report-begin@@";
    public const string End = "@@agents-report-end@@";

    /// <summary>The single block's text, or the reason there is none; <c>Forged</c> when there was more than one.</summary>
    public static (string? Block, string? Problem, bool Forged) Find(string output)
    {
        var first = output.IndexOf(Begin, StringComparison.Ordinal);
        if (first < 0)
        {
            return (null, "the harness wrote no report", false);
        }
        if (output.IndexOf(Begin, first + Begin.Length, StringComparison.Ordinal) >= 0)
        {
            return (null, "more than one report was written: the harness writes one", true);
        }
        var start = first + Begin.Length;
        var end = output.IndexOf(End, start, StringComparison.Ordinal);
        return end < 0 ? (null, "the harness's report is incomplete", false) : (output[start..end], null, false);
    }

    /// <summary>The command's output without the report block, for the proof.</summary>
    public static string WithoutReport(string output)
    {
        var first = output.IndexOf(Begin, StringComparison.Ordinal);
        var end = first < 0 ? -1 : output.IndexOf(End, first, StringComparison.Ordinal);
        return end < 0 ? output : output[..first] + output[(end + End.Length)..];
    }
}
