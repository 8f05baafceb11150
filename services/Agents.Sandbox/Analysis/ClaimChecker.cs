using Agents.Contracts;
using Agents.Sandbox.Toolchains;

namespace Agents.Sandbox.Analysis;

/// <summary>
/// Checks each claim against the symbols a real parser found. A claim that cannot be checked (unknown kind, a
/// file that did not parse, an analyser that failed) is reported as unverified: it never counts as passed.
/// </summary>
internal static class ClaimChecker
{
    private static readonly HashSet<string> s_symbolKinds = new(StringComparer.OrdinalIgnoreCase) { "function", "class", "method", "variable", "property" };

    public static (List<VerificationFinding> Findings, int Verified) Check(IReadOnlyList<CodeClaim> claims, StaticAnalysis analysis, IReadOnlyDictionary<string, string> contents, string language)
    {
        var findings = new List<VerificationFinding>();
        var verified = 0;
        foreach (var claim in claims)
        {
            var finding = CheckOne(claim, analysis, contents, language);
            verified += finding.Rule == "claim-verified" ? 1 : 0;
            findings.Add(finding);
        }
        return (findings, verified);
    }

    private static VerificationFinding CheckOne(CodeClaim claim, StaticAnalysis analysis, IReadOnlyDictionary<string, string> contents, string language)
    {
        var what = $"{claim.Kind} '{claim.Name}'" + (claim.File is null ? "" : $" in {claim.File}");
        if (string.Equals(claim.Kind, "file", StringComparison.OrdinalIgnoreCase))
        {
            return contents.ContainsKey(claim.Name)
                ? new(claim.Name, 0, "claim-verified", FindingSeverities.Info, $"{what}: the file exists")
                : new(claim.Name, 0, "claim-missing", FindingSeverities.High, $"{what}: no such file");
        }
        if (!s_symbolKinds.Contains(claim.Kind))
        {
            return new(claim.File ?? "", 0, "claim-unverified", FindingSeverities.Medium, $"{what}: kind '{claim.Kind}' cannot be checked (use function, class, method, variable, property or file)");
        }
        if (claim.File is not null && !contents.ContainsKey(claim.File))
        {
            return new(claim.File, 0, "claim-missing", FindingSeverities.High, $"{what}: the file is not part of the code");
        }
        if (analysis.Symbols is null)
        {
            return new(claim.File ?? "", 0, "claim-unverified", FindingSeverities.Medium, $"{what}: the code could not be analysed");
        }
        var files = claim.File is null ? analysis.Symbols.Keys.ToList() : [claim.File];
        if (files.Any(f => !analysis.Symbols.ContainsKey(f)))
        {
            return new(claim.File ?? "", 0, "claim-unverified", FindingSeverities.Medium, $"{what}: the file did not parse or is not code under verification");
        }
        foreach (var file in files)
        {
            var match = analysis.Symbols[file].FirstOrDefault(s => Matches(claim, s, language));
            if (match is not null)
            {
                return new(file, match.Line, "claim-verified", FindingSeverities.Info, $"{what}: found at {file}:{match.Line}");
            }
        }
        return new(claim.File ?? "", 0, "claim-missing", FindingSeverities.High, $"{what}: not found on the syntax tree");
    }

    private static bool Matches(CodeClaim claim, DeclaredSymbol symbol, string language)
    {
        var kind = claim.Kind.ToLowerInvariant();
        var lastSegment = symbol.Name[(symbol.Name.LastIndexOf('.') + 1)..];
        return kind switch
        {
            "function" => (symbol.Kind == "function" && symbol.Name == claim.Name)
                // C# has no free functions: a "function" is a method (or a top-level local function).
                || (language == VerificationLanguages.CSharp && symbol.Kind == "method" && lastSegment == claim.Name),
            "method" => symbol.Kind == "method" && (symbol.Name == claim.Name || (!claim.Name.Contains('.', StringComparison.Ordinal) && lastSegment == claim.Name)),
            "class" => symbol.Kind == "class" && (symbol.Name == claim.Name || lastSegment == claim.Name),
            _ => symbol.Kind == kind && symbol.Name == claim.Name,
        };
    }
}
