using System.Globalization;
using System.Text.RegularExpressions;

namespace Agents.Pipeline.Storage;

/// <summary>Artifact keys: <c>{run}/{step}-{attempt}</c>. The run id comes from the API and is checked to be a plain token.</summary>
public static partial class ArtifactKeys
{
    public static string For(string runId, string step, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId}/{step}-{attempt}");

    /// <summary>True for keys the stores accept: letters, digits, '-', '_', '.', one '/'; never "..".</summary>
    public static bool IsValid(string key) => KeyPattern().IsMatch(key) && !key.Contains("..", StringComparison.Ordinal);

    public static bool IsValidRunId(string runId) => RunIdPattern().IsMatch(runId);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex RunIdPattern();
}
