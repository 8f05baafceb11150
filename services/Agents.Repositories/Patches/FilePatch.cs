namespace Agents.Repositories.Patches;

/// <summary>One file's part of a unified diff: <see cref="OldPath"/> is null when it creates the file, <see cref="NewPath"/> when it deletes it.</summary>
public sealed record FilePatch(string? OldPath, string? NewPath, IReadOnlyList<Hunk> Hunks)
{
    /// <summary>The file the patch is about, whichever side names it.</summary>
    public string Path => NewPath ?? OldPath ?? "";
}

/// <summary>An <c>@@ -OldStart,OldCount +NewStart,NewCount @@</c> hunk; each line's text keeps its <c>\n</c> unless a <c>\ No newline</c> marker followed it.</summary>
public sealed record Hunk(int OldStart, int OldCount, int NewStart, int NewCount, IReadOnlyList<HunkLine> Lines)
{
    public string Header => $"@@ -{UnifiedDiff.Range(OldStart, OldCount)} +{UnifiedDiff.Range(NewStart, NewCount)} @@";
}

/// <summary>A hunk line: <see cref="Kind"/> is <c>' '</c> (context), <c>'-'</c> (removed) or <c>'+'</c> (added).</summary>
public sealed record HunkLine(char Kind, string Text);
