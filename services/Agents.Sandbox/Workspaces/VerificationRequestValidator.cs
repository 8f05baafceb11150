using System.Text;
using System.Text.RegularExpressions;
using Agents.Contracts;

namespace Agents.Sandbox.Workspaces;

/// <summary>
/// Checks a verification request before anything touches the disk: the language, the timeout, and every path
/// (relative, no <c>..</c>, no absolute or drive paths, no backslashes, plain names only) and size limits.
/// Errors are keyed by field, in the shape of validation problem details.
/// </summary>
public static partial class VerificationRequestValidator
{
    /// <summary>The workspace folder the sandbox keeps for its own reports; requests may not write there.</summary>
    public const string ReservedFolder = ".agents";

    public static Dictionary<string, string[]> Validate(VerificationRequest? request, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }
            list.Add(message);
        }

        if (request is null)
        {
            Add("body", "A verification request is required.");
            return Freeze(errors);
        }
        if (string.IsNullOrWhiteSpace(request.Language) || !VerificationLanguages.All.Contains(request.Language.ToLowerInvariant()))
        {
            Add("language", $"Language '{request.Language}' is not supported; use one of: {string.Join(", ", VerificationLanguages.All)}.");
        }
        if (request.TimeoutSeconds is { } timeout && (timeout < 1 || timeout > options.MaxTimeoutSeconds))
        {
            Add("timeoutSeconds", $"timeoutSeconds must be between 1 and {options.MaxTimeoutSeconds}.");
        }
        if (request.Files is null || request.Files.Count == 0)
        {
            Add("files", "At least one file is required.");
        }

        var all = (request.Files ?? new Dictionary<string, string>()).Select(f => ("files", f.Key, f.Value))
            .Concat((request.Tests ?? new Dictionary<string, string>()).Select(t => ("tests", t.Key, t.Value)))
            .ToList();
        if (all.Count > options.MaxFiles)
        {
            Add("files", $"{all.Count} files and tests exceed the limit of {options.MaxFiles}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var (field, path, content) in all)
        {
            if (PathProblem(path, options) is { } problem)
            {
                Add($"{field}[{path}]", $"Path '{path}' is rejected: {problem}.");
                continue;
            }
            if (!seen.Add(path))
            {
                Add($"{field}[{path}]", $"Path '{path}' is given twice (files and tests share one workspace).");
            }
            var bytes = Encoding.UTF8.GetByteCount(content ?? "");
            total += bytes;
            if (bytes > options.MaxFileBytes)
            {
                Add($"{field}[{path}]", $"File '{path}' has {bytes} bytes; the limit is {options.MaxFileBytes}.");
            }
        }
        // A path that is also another path's folder cannot be written: report both, not the file system's error.
        foreach (var path in seen.Order(StringComparer.Ordinal))
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (seen.Contains(path[..slash]))
                {
                    var field = all.First(f => f.Key == path[..slash]).Item1;
                    Add($"{field}[{path[..slash]}]", $"Path '{path[..slash]}' is a file, but '{path}' needs it to be a folder.");
                }
            }
        }
        if (total > options.MaxTotalBytes)
        {
            Add("files", $"Files and tests total {total} bytes; the limit is {options.MaxTotalBytes}.");
        }

        for (var i = 0; i < (request.Claims?.Count ?? 0); i++)
        {
            var claim = request.Claims![i];
            if (claim is null || string.IsNullOrWhiteSpace(claim.Kind) || string.IsNullOrWhiteSpace(claim.Name))
            {
                Add($"claims[{i}]", "A claim needs a kind and a name.");
            }
            else if (claim.File is not null && PathProblem(claim.File, options) is { } problem)
            {
                Add($"claims[{i}].file", $"Path '{claim.File}' is rejected: {problem}.");
            }
        }
        return Freeze(errors);
    }

    /// <summary>Why a path may not be written into a workspace, or null when it may.</summary>
    public static string? PathProblem(string? path, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(path))
        {
            return "it is empty";
        }
        if (path.Length > options.MaxPathLength)
        {
            return $"it is longer than {options.MaxPathLength} characters";
        }
        if (path.StartsWith('/') || path.StartsWith('~'))
        {
            return "it must be relative";
        }
        if (path.Contains('\\', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal))
        {
            return "backslashes and drive letters are not allowed";
        }
        var segments = path.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
        {
            return "empty, '.' and '..' segments are not allowed";
        }
        if (string.Equals(segments[0], ReservedFolder, StringComparison.OrdinalIgnoreCase))
        {
            return $"'{ReservedFolder}' is reserved for the sandbox's reports";
        }
        if (!segments.All(s => SafeSegment().IsMatch(s)))
        {
            return "only letters, digits and . _ - + @ are allowed in names";
        }
        return null;
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9._+@-]+$")]
    private static partial Regex SafeSegment();
}
