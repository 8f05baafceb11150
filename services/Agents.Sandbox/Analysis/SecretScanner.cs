using System.Text.RegularExpressions;
using Agents.Contracts;

namespace Agents.Sandbox.Analysis;

/// <summary>Hard-coded secrets, for every language: key formats of well-known providers and secret-named assignments.</summary>
internal static partial class SecretScanner
{
    public static IEnumerable<VerificationFinding> Scan(string path, string content)
    {
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (KnownKeyFormat().Match(line) is { Success: true } key)
            {
                yield return new VerificationFinding(path, i + 1, "hardcoded-secret", FindingSeverities.High, $"a credential in a known key format ({key.Groups["kind"].Value}) is written in the code");
            }
            else if (SecretAssignment().Match(line) is { Success: true } assignment && !LooksLikePlaceholder(assignment.Groups["value"].Value))
            {
                yield return new VerificationFinding(path, i + 1, "hardcoded-secret", FindingSeverities.High, $"'{assignment.Groups["name"].Value}' is assigned a literal secret");
            }
        }
    }

    private static bool LooksLikePlaceholder(string value) =>
        value.Length < 8 || value.All(c => c is '*' or 'x' or 'X' or '.' or '-' or '_') ||
        value.Contains("example", StringComparison.OrdinalIgnoreCase) || value.Contains("changeme", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("${", StringComparison.Ordinal) || value.Contains("<", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<kind>AKIA[0-9A-Z]{16}|sk-[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abpr]-[A-Za-z0-9-]{10,}|-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----|AIza[0-9A-Za-z_-]{35})")]
    private static partial Regex KnownKeyFormat();

    [GeneratedRegex(@"(?i)(?<name>[A-Za-z_]*(?:password|passwd|secret|api_?key|apikey|access_?token|auth_?token|private_?key)[A-Za-z_]*)\s*[:=]\s*[""'](?<value>[^""']+)[""']")]
    private static partial Regex SecretAssignment();
}
