namespace Agents.Repositories.Patches;

/// <summary>
/// Applies a parsed unified diff to a set of files, all of it or none: every hunk's context and removed lines must
/// match the file exactly (a hunk may sit a few lines from where its header says, as with <c>git apply</c>, never
/// fuzzily). The answer is the files it changes, a null content for a deleted one; the input is never touched.
/// </summary>
public static class PatchApplier
{
    public static IReadOnlyDictionary<string, string?> Apply(IReadOnlyDictionary<string, string> files, IReadOnlyList<FilePatch> patches)
    {
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var patch in patches)
        {
            var path = patch.Path;
            if (changes.ContainsKey(path))
            {
                throw new InvalidPatchException($"The patch changes '{path}' twice; put all of a file's hunks under one header.");
            }
            files.TryGetValue(path, out var current);
            if (patch.OldPath is null && current is not null)
            {
                throw new InvalidPatchException($"The patch creates '{path}', which exists already; change it with hunks against its current lines instead.");
            }
            if (patch.OldPath is not null && current is null)
            {
                throw new InvalidPatchException($"The patch changes '{path}', which does not exist.");
            }
            var result = ApplyHunks(path, current ?? "", patch.Hunks);
            if (patch.NewPath is null)
            {
                if (result.Length > 0)
                {
                    throw new InvalidPatchException($"The patch deletes '{path}' but its hunks leave {TextLines.Split(result).Count} line(s) in it.");
                }
                changes[path] = null;
            }
            else
            {
                changes[path] = result;
            }
        }
        return changes;
    }

    private static string ApplyHunks(string path, string text, IReadOnlyList<Hunk> hunks)
    {
        var lines = TextLines.Split(text);
        var result = new List<string>(lines.Count);
        var cursor = 0;
        for (var h = 0; h < hunks.Count; h++)
        {
            var hunk = hunks[h];
            var before = hunk.Lines.Where(l => l.Kind != '+').Select(l => l.Text).ToList();
            var after = hunk.Lines.Where(l => l.Kind != '-').Select(l => l.Text);
            // An empty old side sits after line OldStart; otherwise the old side starts at line OldStart.
            var expected = hunk.OldCount == 0 ? hunk.OldStart : hunk.OldStart - 1;
            var at = Find(lines, before, expected, cursor);
            if (at < 0)
            {
                throw new InvalidPatchException($"Hunk {h + 1} of '{path}' ({hunk.Header}) does not match the file: {Mismatch(lines, before, Math.Clamp(expected, cursor, lines.Count))}");
            }
            result.AddRange(lines[cursor..at]);
            result.AddRange(after);
            cursor = at + before.Count;
        }
        result.AddRange(lines[cursor..]);
        return string.Concat(result);
    }

    /// <summary>The matching position nearest the expected one, at or after <paramref name="cursor"/> (hunks come in file order).</summary>
    private static int Find(List<string> lines, List<string> block, int expected, int cursor)
    {
        var last = lines.Count - block.Count;
        if (block.Count == 0)
        {
            // A pure insertion carries no context to find it by: only the stated position will do.
            return expected >= cursor && expected <= lines.Count ? expected : -1;
        }
        for (var offset = 0; offset <= lines.Count; offset++)
        {
            foreach (var at in offset == 0 ? [expected] : new[] { expected + offset, expected - offset })
            {
                if (at >= cursor && at <= last && Matches(lines, block, at))
                {
                    return at;
                }
            }
        }
        return -1;
    }

    private static bool Matches(List<string> lines, List<string> block, int at)
    {
        for (var k = 0; k < block.Count; k++)
        {
            if (!string.Equals(lines[at + k], block[k], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Where the hunk first differs from the file at its stated place, so the model can correct it.</summary>
    private static string Mismatch(List<string> lines, List<string> block, int at)
    {
        for (var k = 0; k < block.Count; k++)
        {
            if (at + k >= lines.Count)
            {
                return $"the file ends at line {lines.Count}, before the hunk's line {k + 1} ({Show(block[k])}).";
            }
            if (!string.Equals(lines[at + k], block[k], StringComparison.Ordinal))
            {
                return $"line {at + k + 1} is {Show(lines[at + k])}, the hunk expects {Show(block[k])}; nowhere else in the file matches either.";
            }
        }
        return "the position is before an earlier hunk or past the end of the file.";
    }

    private static string Show(string line)
    {
        var shown = line.EndsWith('\n') ? line[..^1] : line + " (no newline at end of file)";
        shown = shown.Replace("\r", "\\r", StringComparison.Ordinal);
        return "'" + (shown.Length > 160 ? shown[..160] + "…" : shown) + "'";
    }
}
