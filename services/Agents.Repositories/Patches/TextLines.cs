namespace Agents.Repositories.Patches;

/// <summary>
/// A text as git sees it: lines split on <c>\n</c> only, each keeping its terminator, so a <c>\r</c> stays part of
/// the line and a last line without a newline differs from the same line with one (the <c>\ No newline</c> case).
/// </summary>
internal static class TextLines
{
    public static List<string> Split(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                lines.Add(text[start..]);
                break;
            }
            lines.Add(text[start..(end + 1)]);
            start = end + 1;
        }
        return lines;
    }
}
