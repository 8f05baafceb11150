using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Agents.Repositories.Patches;

/// <summary>
/// Reads a unified diff, git style or plain (<c>---</c>/<c>+++</c> alone). Strict where git is: hunk line counts must
/// match their header. Text before the first file header is skipped, as <c>git apply</c> skips a mail's prose; renames,
/// copies and binary patches are refused, since a workspace holds text files under fixed names.
/// </summary>
public static partial class PatchParser
{
    private const string GitHeader = "diff --git ";

    public static IReadOnlyList<FilePatch> Parse(string text)
    {
        var lines = text.Split('\n');
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        var patches = new List<FilePatch>();
        var i = 0;
        while (i < count)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith(GitHeader, StringComparison.Ordinal))
            {
                patches.Add(ReadGitFile(lines, count, ref i));
            }
            else if (line.StartsWith("--- ", StringComparison.Ordinal) && i + 1 < count && lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal))
            {
                patches.Add(ReadFile(lines, count, ref i, headerPath: null, creates: false, deletes: false, gitStyle: false));
            }
            else if (line.StartsWith("@@ ", StringComparison.Ordinal))
            {
                throw Error(i, "a hunk comes before any '--- a/path' / '+++ b/path' file header");
            }
            else
            {
                i++;
            }
        }
        if (patches.Count == 0)
        {
            throw new InvalidPatchException("The patch names no file: expected 'diff --git a/path b/path' or '--- a/path' and '+++ b/path' lines before the hunks.");
        }
        return patches;
    }

    private static FilePatch ReadGitFile(string[] lines, int count, ref int i)
    {
        var headerLine = i;
        var headerPath = HeaderPath(lines[i].TrimEnd('\r')[GitHeader.Length..]);
        var creates = false;
        var deletes = false;
        i++;
        while (i < count)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith("--- ", StringComparison.Ordinal) || line.StartsWith(GitHeader, StringComparison.Ordinal) || line.StartsWith("@@ ", StringComparison.Ordinal))
            {
                break;
            }
            if (line.StartsWith("new file mode", StringComparison.Ordinal))
            {
                creates = true;
            }
            else if (line.StartsWith("deleted file mode", StringComparison.Ordinal))
            {
                deletes = true;
            }
            else if (line.StartsWith("rename ", StringComparison.Ordinal) || line.StartsWith("copy ", StringComparison.Ordinal) || line.StartsWith("similarity index", StringComparison.Ordinal))
            {
                throw Error(i, "renames and copies are not supported: delete the old file and create the new one");
            }
            else if (line.StartsWith("GIT binary patch", StringComparison.Ordinal) || line.StartsWith("Binary files", StringComparison.Ordinal))
            {
                throw Error(i, "binary patches are not supported");
            }
            else if (!(line.StartsWith("index ", StringComparison.Ordinal) || line.StartsWith("old mode", StringComparison.Ordinal) || line.StartsWith("new mode", StringComparison.Ordinal)))
            {
                // Anything else ends the header: what follows is prose or the next file.
                break;
            }
            i++;
        }
        if (i < count && lines[i].StartsWith("--- ", StringComparison.Ordinal))
        {
            return ReadFile(lines, count, ref i, headerPath, creates, deletes, gitStyle: true);
        }
        if (i < count && lines[i].StartsWith("@@ ", StringComparison.Ordinal))
        {
            throw Error(i, "the hunk has no '--- a/path' and '+++ b/path' lines before it");
        }
        // A header alone: an empty file created or deleted, or a mode change (nothing to do to the text).
        var path = headerPath ?? throw Error(headerLine, "cannot read the file name from 'diff --git a/path b/path'");
        return new FilePatch(creates ? null : path, deletes ? null : path, []);
    }

    private static FilePatch ReadFile(string[] lines, int count, ref int i, string? headerPath, bool creates, bool deletes, bool gitStyle)
    {
        var oldName = FileName(lines[i].TrimEnd('\r')[4..], i);
        var newName = FileName(lines[i + 1].TrimEnd('\r')[4..], i + 1);
        var fileLine = i;
        i += 2;
        // git always strips one leading folder (a/, b/); a plain diff only when both sides carry the usual prefixes.
        var strip = gitStyle || ((oldName is null || oldName.StartsWith("a/", StringComparison.Ordinal)) && (newName is null || newName.StartsWith("b/", StringComparison.Ordinal)));
        var oldPath = oldName is null ? null : strip ? StripPrefix(oldName, fileLine) : oldName;
        var newPath = newName is null ? null : strip ? StripPrefix(newName, fileLine + 1) : newName;
        if (oldPath is null && newPath is null)
        {
            throw Error(fileLine, "both sides are /dev/null");
        }
        if (oldPath is not null && newPath is not null && !string.Equals(oldPath, newPath, StringComparison.Ordinal))
        {
            throw Error(fileLine, $"'{oldPath}' becomes '{newPath}': renames are not supported, delete the old file and create the new one");
        }
        if ((creates && oldPath is not null) || (deletes && newPath is not null))
        {
            throw Error(fileLine, "the '---'/'+++' lines disagree with the 'new file' / 'deleted file' header");
        }
        if (headerPath is not null && !string.Equals(headerPath, newPath ?? oldPath, StringComparison.Ordinal))
        {
            throw Error(fileLine, $"the '---'/'+++' lines name '{newPath ?? oldPath}' but 'diff --git' names '{headerPath}'");
        }
        var hunks = new List<Hunk>();
        while (i < count && lines[i].StartsWith("@@", StringComparison.Ordinal))
        {
            hunks.Add(ReadHunk(lines, count, ref i));
        }
        if (hunks.Count == 0)
        {
            throw Error(fileLine, $"'{newPath ?? oldPath}' has no '@@ -l,n +l,n @@' hunk");
        }
        return new FilePatch(oldPath, newPath, hunks);
    }

    private static Hunk ReadHunk(string[] lines, int count, ref int i)
    {
        var headerLine = i;
        var match = HunkHeader().Match(lines[i].TrimEnd('\r'));
        if (!match.Success)
        {
            throw Error(i, $"'{lines[i].TrimEnd('\r')}' is not a hunk header like '@@ -12,7 +12,8 @@'");
        }
        var oldStart = Number(match.Groups[1].Value, i);
        var oldCount = match.Groups[2].Success ? Number(match.Groups[2].Value, i) : 1;
        var newStart = Number(match.Groups[3].Value, i);
        var newCount = match.Groups[4].Success ? Number(match.Groups[4].Value, i) : 1;
        i++;
        var body = new List<HunkLine>();
        int oldSeen = 0, newSeen = 0;
        while (oldSeen < oldCount || newSeen < newCount)
        {
            if (i >= count || lines[i].StartsWith("@@", StringComparison.Ordinal) || lines[i].StartsWith(GitHeader, StringComparison.Ordinal))
            {
                throw Error(headerLine, $"the hunk '{match.Value}' has {oldSeen} old and {newSeen} new lines, but its header says {oldCount} and {newCount}");
            }
            var line = lines[i];
            if (line.StartsWith('\\'))
            {
                MarkNoNewline(body, i);
                i++;
                continue;
            }
            // An empty line is an empty context line whose space was lost in transit, as git reads it.
            var kind = line.Length == 0 || line == "\r" ? ' ' : line[0];
            var text = line.Length == 0 ? "\n" : line[1..] + "\n";
            switch (kind)
            {
                case ' ':
                    oldSeen++;
                    newSeen++;
                    break;
                case '-':
                    oldSeen++;
                    break;
                case '+':
                    newSeen++;
                    break;
                default:
                    throw Error(i, $"a hunk line must start with ' ', '-' or '+', not '{kind}'");
            }
            if (oldSeen > oldCount || newSeen > newCount)
            {
                throw Error(headerLine, $"the hunk '{match.Value}' has more lines than its header says ({oldCount} old, {newCount} new)");
            }
            body.Add(new HunkLine(kind, text));
            i++;
        }
        if (i < count && lines[i].StartsWith('\\'))
        {
            MarkNoNewline(body, i);
            i++;
        }
        return new Hunk(oldStart, oldCount, newStart, newCount, body);
    }

    /// <summary><c>\ No newline at end of file</c>: the line before it has no terminator on its side(s).</summary>
    private static void MarkNoNewline(List<HunkLine> body, int at)
    {
        if (body.Count == 0 || !body[^1].Text.EndsWith('\n'))
        {
            throw Error(at, "'\\ No newline at end of file' must follow a hunk line");
        }
        body[^1] = body[^1] with { Text = body[^1].Text[..^1] };
    }

    /// <summary>The name on a <c>---</c>/<c>+++</c> line: null for /dev/null; a tab ends it (a timestamp may follow).</summary>
    private static string? FileName(string field, int at)
    {
        var name = field.StartsWith('"') ? Unquote(field, at) : field.Split('\t')[0].TrimEnd();
        return name == "/dev/null" ? null : name;
    }

    private static string StripPrefix(string name, int at)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < name.Length - 1 ? name[(slash + 1)..] : throw Error(at, $"'{name}' has no 'a/' or 'b/' prefix to strip");
    }

    /// <summary>The name in <c>diff --git a/x b/x</c>: both halves name the same file, so the line splits in the middle.</summary>
    private static string? HeaderPath(string rest)
    {
        if (rest.StartsWith('"'))
        {
            var end = ClosingQuote(rest);
            return end < 0 ? null : Strip(Unquote(rest[..(end + 1)], 0));
        }
        if (rest.Length % 2 == 0)
        {
            return null;
        }
        var half = (rest.Length - 1) / 2;
        var a = rest[..half];
        var b = rest[(half + 1)..];
        return rest[half] == ' ' && a.Length > 2 && string.Equals(a[2..], b.Length > 2 ? b[2..] : "", StringComparison.Ordinal) ? a[2..] : null;

        static string? Strip(string name) => name.Length > 2 && name[1] == '/' ? name[2..] : null;
    }

    private static int ClosingQuote(string field)
    {
        for (var k = 1; k < field.Length; k++)
        {
            if (field[k] == '\\')
            {
                k++;
            }
            else if (field[k] == '"')
            {
                return k;
            }
        }
        return -1;
    }

    /// <summary>A C-quoted name as git writes it: backslash escapes, octal bytes of UTF-8.</summary>
    private static string Unquote(string field, int at)
    {
        var end = ClosingQuote(field);
        if (end < 0)
        {
            throw Error(at, $"the quoted name {field} is not closed");
        }
        var bytes = new List<byte>();
        for (var k = 1; k < end; k++)
        {
            var c = field[k];
            if (c != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes([c]));
                continue;
            }
            var e = field[++k];
            if (e is >= '0' and <= '7' && k + 2 < end)
            {
                bytes.Add(Convert.ToByte(field.Substring(k, 3), 8));
                k += 2;
                continue;
            }
            bytes.Add(e switch
            {
                'n' => (byte)'\n',
                't' => (byte)'\t',
                'r' => (byte)'\r',
                'a' => 7,
                'b' => 8,
                'f' => 12,
                'v' => 11,
                _ => (byte)e,
            });
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static int Number(string digits, int at) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw Error(at, $"'{digits}' is not a line number");

    private static InvalidPatchException Error(int index, string why) => new($"Patch line {index + 1}: {why}.");

    [GeneratedRegex(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")]
    private static partial Regex HunkHeader();
}
