using System.Text;
using Agents.Contracts;
using MAB.DotIgnore;

namespace Agents.Repositories;

/// <summary>
/// Collects a repository's files whatever they came from, holding every entry to the same rules: a relative path
/// inside the repository (no <c>..</c>, not rooted, not too long), the file-count and total-size limits (an error
/// naming the entry), and text only — binary, oversized and ignored files are left out and listed, not errors.
/// </summary>
internal sealed class SnapshotBuilder(RepositoryOptions options, string field)
{
    // Git's own test for binary content: a NUL byte in the first 8,000 bytes.
    private const int BinaryProbeBytes = 8000;
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly List<SkippedFile> _skipped = [];
    private long _totalBytes;
    private int _entries;

    /// <summary>The path as the repository names it, or an error naming the entry when it would leave the repository.</summary>
    public string Normalize(string entry)
    {
        var path = entry.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }
        path = path.TrimEnd('/');
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid(entry, "has an empty or unreadable path");
        }
        if (path.StartsWith('/') || (path.Length > 1 && path[1] == ':'))
        {
            throw Invalid(entry, "is an absolute path");
        }
        if (path.Split('/').Any(segment => segment is ".."))
        {
            throw Invalid(entry, "leaves the repository ('..')");
        }
        if (path.Length > options.MaxPathLength)
        {
            throw Invalid(entry, $"has a path longer than {options.MaxPathLength} characters ({RepositoryOptions.SectionName}:MaxPathLength)");
        }
        return path;
    }

    /// <summary>Whether the path is git's own metadata, never part of the snapshot.</summary>
    public static bool IsGitMetadata(string path) => path == ".git" || path.StartsWith(".git/", StringComparison.Ordinal);

    public void Skip(string path, string reason) => _skipped.Add(new SkippedFile(path, reason));

    /// <summary>Adds a regular file; <paramref name="declaredLength"/> lets an oversized one be skipped unread.</summary>
    public void AddFile(string entry, long declaredLength, Func<Stream> open)
    {
        var path = Normalize(entry);
        if (IsGitMetadata(path))
        {
            return;
        }
        if (++_entries > options.MaxFiles)
        {
            throw new InvalidRepositoryException(field, $"The repository has more than {options.MaxFiles} files ({RepositoryOptions.SectionName}:MaxFiles).");
        }
        if (declaredLength > options.MaxFileBytes)
        {
            Skip(path, $"larger than {options.MaxFileBytes} bytes");
            return;
        }
        var bytes = ReadBounded(open, options.MaxFileBytes);
        if (bytes is null)
        {
            Skip(path, $"larger than {options.MaxFileBytes} bytes");
            return;
        }
        if (bytes.AsSpan(0, Math.Min(bytes.Length, BinaryProbeBytes)).Contains((byte)0) || !TryDecode(bytes, out var text))
        {
            Skip(path, "binary");
            return;
        }
        _totalBytes += bytes.Length;
        if (_totalBytes > options.MaxTotalBytes)
        {
            throw new InvalidRepositoryException(field, $"The repository's text files exceed {options.MaxTotalBytes} bytes ({RepositoryOptions.SectionName}:MaxTotalBytes).");
        }
        if (!_files.TryAdd(path, text))
        {
            throw Invalid(entry, "appears twice");
        }
    }

    /// <summary>The snapshot, after each <c>.gitignore</c> has left out what it names below its folder.</summary>
    public RepositorySnapshot Build(string? commit)
    {
        var ignores = _files.Keys
            .Where(p => p == ".gitignore" || p.EndsWith("/.gitignore", StringComparison.Ordinal))
            .Select(p => (Folder: p.Length == ".gitignore".Length ? "" : p[..^".gitignore".Length], Rules: new IgnoreList(_files[p].Split('\n').Select(l => l.TrimEnd('\r')))))
            .ToList();
        var kept = new List<SourceFile>();
        foreach (var (path, content) in _files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (ignores.Any(i => path.StartsWith(i.Folder, StringComparison.Ordinal) && IsIgnored(i.Rules, path[i.Folder.Length..])))
            {
                Skip(path, "ignored by .gitignore");
                continue;
            }
            kept.Add(new SourceFile(path, content));
        }
        return new RepositorySnapshot(kept, [.. _skipped.OrderBy(s => s.Path, StringComparer.Ordinal)], commit);
    }

    public InvalidRepositoryException Invalid(string entry, string why) => new(field, $"Entry '{entry}' {why}.");

    /// <summary>A path is ignored when it, or a folder above it, matches.</summary>
    private static bool IsIgnored(IgnoreList rules, string relative)
    {
        var segments = relative.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            if (rules.IsIgnored(string.Join('/', segments[..i]), pathIsDirectory: true))
            {
                return true;
            }
        }
        return rules.IsIgnored(relative, pathIsDirectory: false);
    }

    private static byte[]? ReadBounded(Func<Stream> open, int limit)
    {
        using var stream = open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return null;
            }
        }
        return buffer.ToArray();
    }

    private static bool TryDecode(byte[] bytes, out string text)
    {
        try
        {
            text = s_strictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }
}
