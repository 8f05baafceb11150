using Agents.Contracts;
using Agents.Sandbox;
using Agents.Sandbox.Workspaces;

namespace Agents.Pipeline.Llm;

/// <summary>
/// Checks on parsed answers beyond the schema. A problem found here goes back to the model as a re-ask, naming it,
/// instead of failing later in the sandbox.
/// </summary>
internal static class AnswerChecks
{
    private static readonly string[] s_claimKinds = ["function", "class", "method", "variable", "property", "file"];

    public static string? Files(IReadOnlyList<SourceFile> files, string language, SandboxOptions options)
    {
        if (files.Count == 0)
        {
            return "files is empty.";
        }
        if (HasDuplicatePaths(files))
        {
            return "files lists a path twice.";
        }
        var request = new VerificationRequest(language, files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal));
        var errors = VerificationRequestValidator.Validate(request, options);
        return errors.Count == 0 ? null : string.Join(" ", errors.SelectMany(e => e.Value));
    }

    public static string? Claims(IReadOnlyList<CodeClaim> claims) =>
        claims.FirstOrDefault(c => !s_claimKinds.Contains(c.Kind, StringComparer.Ordinal)) is { } bad
            ? $"claim '{bad.Name}' has kind '{bad.Kind}'; use function, class, method, variable, property or file."
            : null;

    public static bool HasDuplicatePaths(IReadOnlyList<SourceFile> files) =>
        files.Select(f => f.Path).Distinct(StringComparer.Ordinal).Count() != files.Count;
}
