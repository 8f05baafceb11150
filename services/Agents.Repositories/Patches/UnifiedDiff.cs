using System.Globalization;
using System.Text;
using Agents.Contracts;
using DiffPlex;

namespace Agents.Repositories.Patches;

/// <summary>
/// Writes the git-style unified diff from one set of files to another: <c>diff --git</c> headers, <c>/dev/null</c>
/// for created and deleted files, hunks with three lines of context and <c>\ No newline at end of file</c> where a
/// side ends without one, so <c>git apply</c> takes it on a checkout of the original files.
/// </summary>
public static class UnifiedDiff
{
    /// <summary>Lines of unchanged text around each change, as git writes by default.</summary>
    public const int ContextLines = 3;

    // The snapshot does not carry file modes; a regular file is what it read.
    private const string FileMode = "100644";
    private const string NoNewline = "\\ No newline at end of file\n";

    /// <summary>The diff from <paramref name="original"/> to <paramref name="final"/>, files in ordinal path order; empty when nothing changed.</summary>
    public static string Create(IEnumerable<SourceFile> original, IEnumerable<SourceFile> final)
    {
        var before = original.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var after = final.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var diff = new StringBuilder();
        foreach (var path in before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var oldText = before.GetValueOrDefault(path);
            var newText = after.GetValueOrDefault(path);
            if (!string.Equals(oldText, newText, StringComparison.Ordinal))
            {
                AppendFile(diff, path, oldText, newText);
            }
        }
        return diff.ToString();
    }

    /// <summary>One file's diff; a null text is a file that does not exist on that side.</summary>
    public static string CreateFile(string path, string? oldText, string? newText)
    {
        var diff = new StringBuilder();
        if (!string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            AppendFile(diff, path, oldText, newText);
        }
        return diff.ToString();
    }

    internal static string Range(int start, int count) =>
        count == 1 ? start.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{start},{count}");

    private static void AppendFile(StringBuilder diff, string path, string? oldText, string? newText)
    {
        var a = Quote("a/" + path);
        var b = Quote("b/" + path);
        diff.Append("diff --git ").Append(a).Append(' ').Append(b).Append('\n');
        if (oldText is null)
        {
            diff.Append("new file mode ").Append(FileMode).Append('\n');
        }
        else if (newText is null)
        {
            diff.Append("deleted file mode ").Append(FileMode).Append('\n');
        }
        var oldLines = TextLines.Split(oldText ?? "");
        var newLines = TextLines.Split(newText ?? "");
        if (oldLines.Count == 0 && newLines.Count == 0)
        {
            // An empty file created or deleted: git writes the header alone, and reads it so.
            return;
        }
        diff.Append("--- ").Append(oldText is null ? "/dev/null" : Label(a)).Append('\n');
        diff.Append("+++ ").Append(newText is null ? "/dev/null" : Label(b)).Append('\n');
        var ops = EditScript(oldText ?? "", newText ?? "", oldLines, newLines);
        foreach (var (start, stop) in HunkRanges(ops))
        {
            AppendHunk(diff, ops, start, stop);
        }
    }

    /// <summary>The line-by-line edit script: DiffPlex's Myers diff gives the changed blocks, the rest is context.</summary>
    private static List<Op> EditScript(string oldText, string newText, List<string> oldLines, List<string> newLines)
    {
        var ops = new List<Op>(Math.Max(oldLines.Count, newLines.Count));
        var result = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, GitLineChunker.Instance);
        int i = 0, j = 0;
        foreach (var block in result.DiffBlocks)
        {
            while (i < block.DeleteStartA)
            {
                ops.Add(new Op(' ', i, j, oldLines[i]));
                i++;
                j++;
            }
            for (var d = 0; d < block.DeleteCountA; d++, i++)
            {
                ops.Add(new Op('-', i, j, oldLines[i]));
            }
            for (var n = 0; n < block.InsertCountB; n++, j++)
            {
                ops.Add(new Op('+', i, j, newLines[j]));
            }
        }
        while (i < oldLines.Count)
        {
            ops.Add(new Op(' ', i, j, oldLines[i]));
            i++;
            j++;
        }
        return ops;
    }

    /// <summary>Changes closer than twice the context share a hunk, as in git and GNU diff.</summary>
    private static IEnumerable<(int Start, int Stop)> HunkRanges(List<Op> ops)
    {
        var k = 0;
        while (k < ops.Count)
        {
            if (ops[k].Kind == ' ')
            {
                k++;
                continue;
            }
            var start = Math.Max(0, k - ContextLines);
            var lastChange = k;
            var m = k + 1;
            while (m < ops.Count)
            {
                if (ops[m].Kind != ' ')
                {
                    lastChange = m++;
                    continue;
                }
                var run = m;
                while (run < ops.Count && ops[run].Kind == ' ')
                {
                    run++;
                }
                if (run == ops.Count || run - m > 2 * ContextLines)
                {
                    break;
                }
                m = run;
            }
            var stop = Math.Min(ops.Count, lastChange + 1 + ContextLines);
            yield return (start, stop);
            k = stop;
        }
    }

    private static void AppendHunk(StringBuilder diff, List<Op> ops, int start, int stop)
    {
        var oldCount = 0;
        var newCount = 0;
        for (var k = start; k < stop; k++)
        {
            oldCount += ops[k].Kind == '+' ? 0 : 1;
            newCount += ops[k].Kind == '-' ? 0 : 1;
        }
        // An empty side names the line before the change (0 at the top), as the format defines.
        var oldStart = oldCount == 0 ? ops[start].Old : ops[start].Old + 1;
        var newStart = newCount == 0 ? ops[start].New : ops[start].New + 1;
        diff.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
        for (var k = start; k < stop; k++)
        {
            var text = ops[k].Text;
            diff.Append(ops[k].Kind);
            if (text.EndsWith('\n'))
            {
                diff.Append(text);
            }
            else
            {
                diff.Append(text).Append('\n').Append(NoNewline);
            }
        }
    }

    /// <summary>Git's label on <c>---</c>/<c>+++</c> lines: a tab after a name with a space, so the name's end is unambiguous.</summary>
    private static string Label(string quoted) => quoted.Contains(' ', StringComparison.Ordinal) ? quoted + "\t" : quoted;

    /// <summary>Names with quotes, backslashes or control characters are C-quoted, as git writes and reads them.</summary>
    internal static string Quote(string name)
    {
        if (!name.Any(c => c is '"' or '\\' || char.IsControl(c)))
        {
            return name;
        }
        var quoted = new StringBuilder("\"");
        foreach (var c in name)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\t' => quoted.Append("\\t"),
                '\n' => quoted.Append("\\n"),
                _ when char.IsControl(c) => AppendOctal(quoted, c),
                _ => quoted.Append(c),
            };
        }
        return quoted.Append('"').ToString();
    }

    private static StringBuilder AppendOctal(StringBuilder quoted, char c)
    {
        foreach (var b in Encoding.UTF8.GetBytes([c]))
        {
            quoted.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
        }
        return quoted;
    }

    private readonly record struct Op(char Kind, int Old, int New, string Text);
}
