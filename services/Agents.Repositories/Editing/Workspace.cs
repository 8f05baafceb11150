using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Agents.Contracts;
using Agents.Repositories.Patches;

namespace Agents.Repositories.Editing;

/// <summary>
/// The files the coder edits, in memory, started from a repository snapshot. Every operation is a tool the model
/// calls: it answers with text for the model, a refusal included, and a refused change leaves every file as it was.
/// Changes are logged in order; <see cref="State"/> is the durable result and <see cref="CreatePatch"/> the diff.
/// </summary>
public sealed class Workspace
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly List<AppliedEdit> _edits = [];
    private long _totalBytes;

    /// <exception cref="ArgumentException">A file's path is not a relative, normalised workspace path, or appears twice.</exception>
    public Workspace(IEnumerable<SourceFile> files, WorkspaceOptions? options = null)
    {
        Options = WorkspaceOptionsValidator.Checked(options ?? new WorkspaceOptions());
        var original = new List<SourceFile>();
        foreach (var file in files)
        {
            string path;
            try
            {
                // The snapshot enforced its own path-length limit; only the shape is checked here.
                path = WorkspacePaths.File(file.Path, maxLength: 4096);
            }
            catch (WorkspaceRefusal refusal)
            {
                throw new ArgumentException(refusal.Message, nameof(files));
            }
            if (!string.Equals(path, file.Path, StringComparison.Ordinal) || !_files.TryAdd(path, file.Content))
            {
                throw new ArgumentException($"The file '{file.Path}' is not a normalised workspace path, or appears twice.", nameof(files));
            }
            _totalBytes += Encoding.UTF8.GetByteCount(file.Content);
            original.Add(file);
        }
        Original = [.. original.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    public WorkspaceOptions Options { get; }

    /// <summary>The files the workspace started from, in ordinal path order.</summary>
    public IReadOnlyList<SourceFile> Original { get; }

    /// <summary>A copy of the files as they are now.</summary>
    public IReadOnlyDictionary<string, string> Files
    {
        get
        {
            lock (_gate)
            {
                return new SortedDictionary<string, string>(_files, StringComparer.Ordinal);
            }
        }
    }

    public WorkspaceState State
    {
        get
        {
            lock (_gate)
            {
                return new WorkspaceState([.. _edits], [.. _files.Select(f => new SourceFile(f.Key, f.Value))]);
            }
        }
    }

    /// <summary>The unified diff from <see cref="Original"/> to the files now; empty when nothing changed.</summary>
    public string CreatePatch() => UnifiedDiff.Create(Original, State.Files);

    /// <summary><c>list_files</c>: the paths under a folder (or all), with their line counts.</summary>
    public string ListFiles(string? folder) => Run(mutates: false, () =>
    {
        var under = WorkspacePaths.Folder(folder, Options.MaxPathLength);
        var paths = _files.Where(f => WorkspacePaths.IsUnder(f.Key, under)).ToList();
        if (paths.Count == 0)
        {
            return under.Length == 0 ? "The workspace has no files." : $"No files under '{under}'.";
        }
        var answer = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{paths.Count} file(s){(under.Length == 0 ? "" : $" under '{under}'")}:\n");
        foreach (var (path, content) in paths.Take(Options.MaxListedFiles))
        {
            answer.Append(CultureInfo.InvariantCulture, $"{path} ({LineCount(content)} lines)\n");
        }
        if (paths.Count > Options.MaxListedFiles)
        {
            answer.Append(CultureInfo.InvariantCulture, $"… and {paths.Count - Options.MaxListedFiles} more; list a folder to see them.\n");
        }
        return answer.ToString();
    });

    /// <summary><c>read_file</c>: a file or a 1-based, inclusive line range, each line with its number.</summary>
    public string ReadFile(string? path, int? startLine = null, int? endLine = null) => Run(mutates: false, () =>
    {
        var (file, text) = Existing(path);
        var lines = TextLines.Split(text);
        if (lines.Count == 0)
        {
            return $"{file} is empty.";
        }
        var start = startLine ?? 1;
        var end = Math.Min(endLine ?? lines.Count, lines.Count);
        if (start < 1 || start > lines.Count)
        {
            throw new WorkspaceRefusal($"'{file}' has {lines.Count} lines; startLine must be between 1 and {lines.Count}, not {start}.");
        }
        if (end < start)
        {
            throw new WorkspaceRefusal($"endLine {endLine} is before startLine {start}.");
        }
        var last = Math.Min(end, start + Options.MaxReadLines - 1);
        var width = last.ToString(CultureInfo.InvariantCulture).Length;
        var body = new StringBuilder();
        var shown = start - 1;
        var budget = Options.MaxOutputChars - 300;
        for (var n = start; n <= last; n++)
        {
            var line = Display(lines[n - 1]);
            if (line.Length > budget / 2)
            {
                line = line[..(budget / 2)] + $"… (line cut: {line.Length} characters)";
            }
            if (body.Length + line.Length + width + 2 > budget && n > start)
            {
                break;
            }
            body.Append(n.ToString(CultureInfo.InvariantCulture).PadLeft(width)).Append('\t').Append(line).Append('\n');
            shown = n;
        }
        if (shown == lines.Count && !lines[^1].EndsWith('\n'))
        {
            body.Append("(no newline at end of file)\n");
        }
        var header = $"{file} (lines {start}-{shown} of {lines.Count}):\n";
        var more = shown < end ? $"(more: read_file with startLine={shown + 1})\n" : "";
        return header + body + more;
    });

    /// <summary><c>search</c>: lines matching a .NET regular expression, as <c>path:line: text</c>.</summary>
    public string Search(string? pattern, string? folder = null, bool ignoreCase = false, CancellationToken cancellationToken = default) => Run(mutates: false, () =>
    {
        if (string.IsNullOrEmpty(pattern))
        {
            throw new WorkspaceRefusal("A pattern is required (a .NET regular expression, matched line by line).");
        }
        if (pattern.Length > Options.MaxPatternLength)
        {
            throw new WorkspaceRefusal($"The pattern is longer than {Options.MaxPatternLength} characters.");
        }
        var under = WorkspacePaths.Folder(folder, Options.MaxPathLength);
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None), Options.RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw new WorkspaceRefusal($"The pattern is not a valid .NET regular expression: {e.Message}");
        }
        var matches = new StringBuilder();
        var found = 0;
        var files = 0;
        foreach (var (path, content) in _files.Where(f => WorkspacePaths.IsUnder(f.Key, under)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            files++;
            var lines = TextLines.Split(content);
            for (var n = 0; n < lines.Count; n++)
            {
                var line = Display(lines[n]);
                bool hit;
                try
                {
                    hit = regex.IsMatch(line);
                }
                catch (RegexMatchTimeoutException)
                {
                    throw new WorkspaceRefusal($"The pattern took longer than {Options.RegexTimeout.TotalMilliseconds:0} ms on {path}:{n + 1}; use a simpler pattern.");
                }
                if (!hit)
                {
                    continue;
                }
                if (++found > Options.MaxSearchMatches)
                {
                    matches.Append(CultureInfo.InvariantCulture, $"(more matches not shown: the first {Options.MaxSearchMatches} are above; narrow the pattern or the folder)\n");
                    return matches.ToString();
                }
                matches.Append(CultureInfo.InvariantCulture, $"{path}:{n + 1}: {(line.Length > 300 ? line[..300] + "…" : line)}\n");
            }
        }
        return found == 0 ? $"No line matches /{pattern}/ in {files} file(s){(under.Length == 0 ? "" : $" under '{under}'")}." : matches.ToString();
    });

    /// <summary><c>edit_file</c>: search/replace blocks, each matching the file exactly once, applied together or not at all.</summary>
    public string EditFile(string? path, IReadOnlyList<EditBlock>? blocks) => Run(mutates: true, () =>
    {
        var (file, text) = Existing(path);
        if (blocks is null || blocks.Count == 0)
        {
            throw new WorkspaceRefusal("edit_file needs at least one block with 'search' and 'replace'.");
        }
        var problems = new List<string>();
        var edits = new List<(int At, int Length, string Replace, int Block)>();
        for (var k = 0; k < blocks.Count; k++)
        {
            var search = blocks[k].Search;
            var replace = blocks[k].Replace ?? "";
            if (string.IsNullOrEmpty(search))
            {
                problems.Add($"block {k + 1} has an empty search text");
                continue;
            }
            var hits = Occurrences(text, search);
            if (hits.Count == 0 && text.Contains("\r\n", StringComparison.Ordinal) && search.Contains('\n', StringComparison.Ordinal) && !search.Contains('\r', StringComparison.Ordinal))
            {
                // The file has Windows line endings the model does not see in read_file; match its lines as shown.
                var crlf = search.ReplaceLineEndings("\r\n");
                if (Occurrences(text, crlf) is { Count: 1 } crlfHits)
                {
                    (hits, search, replace) = (crlfHits, crlf, replace.ReplaceLineEndings("\r\n"));
                }
            }
            if (hits.Count == 1)
            {
                edits.Add((hits[0], search.Length, replace, k + 1));
            }
            else
            {
                problems.Add(hits.Count == 0
                    ? $"block {k + 1} matched 0 times: {NoMatchHint(text, search)}"
                    : $"block {k + 1} matched {hits.Count} times (at lines {string.Join(", ", hits.Take(5).Select(h => LineOf(text, h)))}{(hits.Count > 5 ? ", …" : "")}); include more surrounding lines so it matches exactly once");
            }
        }
        if (problems.Count > 0)
        {
            throw new WorkspaceRefusal($"edit_file on '{file}': {string.Join("; ", problems)}.");
        }
        edits.Sort((x, y) => x.At.CompareTo(y.At));
        for (var k = 1; k < edits.Count; k++)
        {
            if (edits[k].At < edits[k - 1].At + edits[k - 1].Length)
            {
                throw new WorkspaceRefusal($"edit_file on '{file}': blocks {edits[k - 1].Block} and {edits[k].Block} overlap; merge them into one block.");
            }
        }
        var edited = new StringBuilder(text);
        foreach (var (at, length, replace, _) in Enumerable.Reverse(edits))
        {
            edited.Remove(at, length).Insert(at, replace);
        }
        var result = edited.ToString();
        if (string.Equals(result, text, StringComparison.Ordinal))
        {
            throw new WorkspaceRefusal($"edit_file on '{file}': the blocks change nothing (each replace equals its search).");
        }
        Commit("edit_file", new Dictionary<string, string?>(StringComparer.Ordinal) { [file] = result });
        return $"Edited {file}: {blocks.Count} block(s) applied. The change:\n{UnifiedDiff.CreateFile(file, text, result)}";
    });

    /// <summary><c>apply_patch</c>: a unified diff that applies cleanly to the files now, every hunk or none.</summary>
    public string ApplyPatch(string? patch) => Run(mutates: true, () =>
    {
        if (string.IsNullOrWhiteSpace(patch))
        {
            throw new WorkspaceRefusal("apply_patch needs a unified diff ('--- a/path', '+++ b/path', '@@ -l,n +l,n @@' hunks).");
        }
        IReadOnlyDictionary<string, string?> changes;
        try
        {
            var parsed = PatchParser.Parse(patch)
                .Select(p => p with
                {
                    OldPath = p.OldPath is null ? null : WorkspacePaths.File(p.OldPath, Options.MaxPathLength),
                    NewPath = p.NewPath is null ? null : WorkspacePaths.File(p.NewPath, Options.MaxPathLength),
                })
                .ToList();
            changes = PatchApplier.Apply(_files, parsed);
        }
        catch (InvalidPatchException e)
        {
            throw new WorkspaceRefusal(e.Message);
        }
        var summary = changes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{Change(c.Key, c.Value)} {c.Key}").ToList();
        Commit("apply_patch", changes);
        return $"Applied the patch: {string.Join(", ", summary)}.";
    });

    /// <summary><c>create_file</c>: a new file; an existing one is changed with edit_file or apply_patch instead.</summary>
    public string CreateFile(string? path, string? content) => Run(mutates: true, () =>
    {
        var file = WorkspacePaths.File(path, Options.MaxPathLength);
        if (_files.ContainsKey(file))
        {
            throw new WorkspaceRefusal($"'{file}' exists already; change it with edit_file or apply_patch.");
        }
        var text = content ?? "";
        Commit("create_file", new Dictionary<string, string?>(StringComparer.Ordinal) { [file] = text });
        return $"Created {file} ({LineCount(text)} lines).";
    });

    /// <summary><c>delete_file</c>: removes a file.</summary>
    public string DeleteFile(string? path) => Run(mutates: true, () =>
    {
        var (file, _) = Existing(path);
        Commit("delete_file", new Dictionary<string, string?>(StringComparer.Ordinal) { [file] = null });
        return $"Deleted {file}.";
    });

    /// <summary>A tool answer cut to <see cref="WorkspaceOptions.MaxOutputChars"/>, saying so.</summary>
    public string Bound(string answer)
    {
        var limit = Options.MaxOutputChars;
        return answer.Length <= limit ? answer : string.Concat(answer.AsSpan(0, limit - 100), $"\n… (answer cut at {limit} characters)\n");
    }

    private string Run(bool mutates, Func<string> operation)
    {
        lock (_gate)
        {
            try
            {
                return Bound(operation());
            }
            catch (WorkspaceRefusal refusal)
            {
                return Bound($"Error: {refusal.Message}{(mutates ? " Nothing was changed." : "")}");
            }
        }
    }

    private (string Path, string Text) Existing(string? path)
    {
        var file = WorkspacePaths.File(path, Options.MaxPathLength);
        if (_files.TryGetValue(file, out var text))
        {
            return (file, text);
        }
        var name = file[(file.LastIndexOf('/') + 1)..];
        var similar = _files.Keys.Where(p => p.EndsWith("/" + name, StringComparison.Ordinal) || p == name).Take(5).ToList();
        throw new WorkspaceRefusal($"'{file}' does not exist.{(similar.Count == 0 ? " list_files shows what does." : $" Files with that name: {string.Join(", ", similar)}.")}");
    }

    /// <summary>Checks a whole change against the limits and the tree's shape, then applies and logs it; a refusal changes nothing.</summary>
    private void Commit(string tool, IReadOnlyDictionary<string, string?> changes)
    {
        var total = _totalBytes;
        var count = _files.Count;
        foreach (var (path, content) in changes)
        {
            var existing = _files.GetValueOrDefault(path);
            var oldBytes = existing is null ? 0 : Encoding.UTF8.GetByteCount(existing);
            if (content is null)
            {
                total -= oldBytes;
                count--;
                continue;
            }
            if (content.Contains('\0', StringComparison.Ordinal))
            {
                throw new WorkspaceRefusal($"The new content of '{path}' contains NUL characters; the workspace holds text files only.");
            }
            var newBytes = Encoding.UTF8.GetByteCount(content);
            // A limit stops growth; a file already over it may still shrink.
            if (newBytes > Options.MaxFileBytes && newBytes > oldBytes)
            {
                throw new WorkspaceRefusal($"'{path}' would be {newBytes} bytes, over the limit of {Options.MaxFileBytes} bytes per file.");
            }
            total += newBytes - oldBytes;
            count += existing is null ? 1 : 0;
        }
        if (total > Options.MaxTotalBytes && total > _totalBytes)
        {
            throw new WorkspaceRefusal($"The files would total {total} bytes, over the workspace limit of {Options.MaxTotalBytes}.");
        }
        if (count > Options.MaxFiles && count > _files.Count)
        {
            throw new WorkspaceRefusal($"The workspace would hold {count} files, over its limit of {Options.MaxFiles}.");
        }
        foreach (var created in changes.Where(c => c.Value is not null && !_files.ContainsKey(c.Key)).Select(c => c.Key))
        {
            CheckPlace(created, changes);
        }
        foreach (var (path, content) in changes.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var change = Change(path, content);
            if (content is null)
            {
                _files.Remove(path);
            }
            else if (_files.TryGetValue(path, out var existing) && string.Equals(existing, content, StringComparison.Ordinal))
            {
                continue;
            }
            else
            {
                _files[path] = content;
            }
            _edits.Add(new AppliedEdit(_edits.Count + 1, tool, path, change));
        }
        _totalBytes = total;
    }

    /// <summary>A new file may not sit under a path that is a file, nor take the name of a folder: git could not check it out.</summary>
    private void CheckPlace(string created, IReadOnlyDictionary<string, string?> changes)
    {
        bool Exists(string path) => changes.TryGetValue(path, out var content) ? content is not null : _files.ContainsKey(path);
        for (var slash = created.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = created.IndexOf('/', slash + 1))
        {
            if (Exists(created[..slash]))
            {
                throw new WorkspaceRefusal($"'{created[..slash]}' is a file, so '{created}' cannot be made under it.");
            }
        }
        var prefix = created + "/";
        if (_files.Keys.Concat(changes.Keys).Any(p => p.StartsWith(prefix, StringComparison.Ordinal) && Exists(p)))
        {
            throw new WorkspaceRefusal($"'{created}' is a folder; a file cannot take its name.");
        }
    }

    private string Change(string path, string? content) => content is null ? "deleted" : _files.ContainsKey(path) ? "modified" : "created";

    private static List<int> Occurrences(string text, string search)
    {
        var hits = new List<int>();
        for (var at = text.IndexOf(search, StringComparison.Ordinal); at >= 0; at = text.IndexOf(search, at + 1, StringComparison.Ordinal))
        {
            hits.Add(at);
        }
        return hits;
    }

    private static string NoMatchHint(string text, string search)
    {
        var first = search.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (first is null)
        {
            return "the search text is only whitespace, and the file does not have it";
        }
        var lines = TextLines.Split(text);
        var near = Enumerable.Range(0, lines.Count).Where(n => string.Equals(lines[n].Trim(), first, StringComparison.Ordinal)).Take(5).Select(n => n + 1).ToList();
        return near.Count == 0
            ? "not even its first line is in the file; read_file shows the current text"
            : $"its first line is at line(s) {string.Join(", ", near)}, but the text around it or its indentation differs; copy it exactly from read_file";
    }

    private static int LineOf(string text, int offset) => text.AsSpan(0, offset).Count('\n') + 1;

    private static int LineCount(string text) => text.Length == 0 ? 0 : text.AsSpan().Count('\n') + (text.EndsWith('\n') ? 0 : 1);

    /// <summary>A line as the model sees it: without its terminator, a Windows <c>\r</c> included.</summary>
    private static string Display(string line) => line.TrimEnd('\n').TrimEnd('\r');
}
