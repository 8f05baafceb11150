using Agents.Contracts;
using Agents.Sandbox.Toolchains;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Agents.Sandbox.Analysis;

/// <summary>
/// C# analysis on Roslyn syntax trees, in-process: parsing runs no code from the files, so it needs no sandbox.
/// Finds syntax errors, declared types and members (for claims) and dangerous API uses.
/// </summary>
internal static class CSharpSourceAnalyzer
{
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Preview);

    public static (List<VerificationFinding> Syntax, Dictionary<string, IReadOnlyList<DeclaredSymbol>> Symbols, List<VerificationFinding> Security) Analyze(
        IEnumerable<string> parse, IEnumerable<string> analyze, IReadOnlyDictionary<string, string> contents, CancellationToken cancellationToken)
    {
        var syntax = new List<VerificationFinding>();
        var symbols = new Dictionary<string, IReadOnlyList<DeclaredSymbol>>(StringComparer.Ordinal);
        var security = new List<VerificationFinding>();
        var toAnalyze = analyze.ToHashSet(StringComparer.Ordinal);
        foreach (var path in parse)
        {
            var tree = CSharpSyntaxTree.ParseText(contents[path], s_parseOptions, path, cancellationToken: cancellationToken);
            syntax.AddRange(tree.GetDiagnostics(cancellationToken)
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => new VerificationFinding(path, d.Location.GetLineSpan().StartLinePosition.Line + 1, "syntax-error", FindingSeverities.High, $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")));
            if (toAnalyze.Contains(path))
            {
                var root = tree.GetRoot(cancellationToken);
                symbols[path] = Declarations(root).ToList();
                security.AddRange(SecurityFindings(root, path));
                security.AddRange(CSharpVerdictRules.Findings(root, path));
            }
        }
        return (syntax, symbols, security);
    }

    private static int Line(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    private static IEnumerable<DeclaredSymbol> Declarations(SyntaxNode root)
    {
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case BaseTypeDeclarationSyntax type:
                    yield return new DeclaredSymbol("class", TypeName(type), Line(type));
                    break;
                case MethodDeclarationSyntax method when method.Parent is TypeDeclarationSyntax owner:
                    yield return new DeclaredSymbol("method", TypeName(owner) + "." + method.Identifier.ValueText, Line(method));
                    break;
                case PropertyDeclarationSyntax property when property.Parent is TypeDeclarationSyntax owner:
                    yield return new DeclaredSymbol("property", TypeName(owner) + "." + property.Identifier.ValueText, Line(property));
                    break;
                case LocalFunctionStatementSyntax local:
                    yield return new DeclaredSymbol(local.Parent?.Parent is GlobalStatementSyntax ? "function" : "nested-function", local.Identifier.ValueText, Line(local));
                    break;
            }
        }
    }

    private static string TypeName(BaseTypeDeclarationSyntax type) =>
        string.Join('.', type.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().Reverse().Select(t => t.Identifier.ValueText));

    private static IEnumerable<VerificationFinding> SecurityFindings(SyntaxNode root, string path)
    {
        VerificationFinding Finding(SyntaxNode node, string rule, string severity, string message) => new(path, Line(node), rule, severity, message);

        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case InvocationExpressionSyntax call:
                    var name = call.Expression.ToString();
                    var dynamicArgument = call.ArgumentList.Arguments.Count > 0 && call.ArgumentList.Arguments[0].Expression is not LiteralExpressionSyntax;
                    if (name.EndsWith("Process.Start", StringComparison.Ordinal))
                    {
                        yield return Finding(call, "cs-process-start", dynamicArgument ? FindingSeverities.High : FindingSeverities.Medium, "Process.Start runs an external program (command injection)");
                    }
                    else if (name.EndsWith("Assembly.Load", StringComparison.Ordinal) || name.EndsWith("Assembly.LoadFrom", StringComparison.Ordinal))
                    {
                        yield return Finding(call, "cs-dynamic-load", FindingSeverities.Medium, $"{name} loads code at run time");
                    }
                    else if (name.EndsWith("MD5.Create", StringComparison.Ordinal) || name.EndsWith("SHA1.Create", StringComparison.Ordinal))
                    {
                        yield return Finding(call, "cs-weak-hash", FindingSeverities.Low, $"{name} is a weak hash");
                    }
                    break;
                case ObjectCreationExpressionSyntax creation:
                    var type = creation.Type.ToString();
                    if (type is "BinaryFormatter" or "NetDataContractSerializer" or "SoapFormatter" or "LosFormatter" or "ObjectStateFormatter")
                    {
                        yield return Finding(creation, "cs-unsafe-deserialisation", FindingSeverities.High, $"{type} can execute code from untrusted data");
                    }
                    else if (type.EndsWith("SqlCommand", StringComparison.Ordinal) && creation.ArgumentList?.Arguments.FirstOrDefault()?.Expression is InterpolatedStringExpressionSyntax or BinaryExpressionSyntax)
                    {
                        yield return Finding(creation, "cs-sql-injection", FindingSeverities.High, "SQL built from strings; use parameters");
                    }
                    break;
                case MemberAccessExpressionSyntax member when member.ToString() is "TypeNameHandling.All" or "TypeNameHandling.Auto" or "TypeNameHandling.Objects":
                    yield return Finding(member, "cs-unsafe-deserialisation", FindingSeverities.High, $"{member} lets JSON pick the type to create");
                    break;
                case AssignmentExpressionSyntax assignment when assignment.Left.ToString().EndsWith("ServerCertificateCustomValidationCallback", StringComparison.Ordinal)
                    && assignment.Right.ToString().Contains("true", StringComparison.Ordinal):
                    yield return Finding(assignment, "cs-tls-verify-off", FindingSeverities.Medium, "TLS certificate validation is turned off");
                    break;
            }
        }
    }
}
