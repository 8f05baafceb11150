using Agents.Contracts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Agents.Sandbox.Analysis;

/// <summary>
/// C# code shares the tests' process and compilation (no separate candidate process, unlike Python's function-level
/// shape), so code that could decide its own verdict there is found on the syntax tree: a type or alias that takes
/// the test framework's names (the tests would then call it instead of xUnit's), and equality that does not look at
/// what it compares (a value that equals anything passes every <c>Assert.Equal</c>). High findings: not verified.
/// </summary>
internal static class CSharpVerdictRules
{
    private static readonly HashSet<string> s_frameworkNames = new(StringComparer.Ordinal)
    {
        "Assert", "Fact", "FactAttribute", "Theory", "TheoryAttribute", "InlineData", "InlineDataAttribute", "MemberData", "MemberDataAttribute",
        "ClassData", "ClassDataAttribute", "Record", "Skip", "TestContext", "EqualException", "XunitException",
    };

    private static readonly string[] s_reservedNamespaces = ["Xunit", "System", "Microsoft", "NuGet"];

    private static readonly HashSet<string> s_equalityMethods = new(StringComparer.Ordinal) { "Equals", "CompareTo", "Compare" };

    public static IEnumerable<VerificationFinding> Findings(SyntaxNode root, string path)
    {
        VerificationFinding Finding(SyntaxNode node, string rule, string message) =>
            new(path, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, rule, FindingSeverities.High, message);

        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case BaseTypeDeclarationSyntax type when s_frameworkNames.Contains(type.Identifier.ValueText):
                    yield return Finding(type, "cs-shadows-test-framework", $"the type {type.Identifier.ValueText} has a test framework's name: the tests would call it instead");
                    break;
                case UsingDirectiveSyntax { Alias: { } alias } when s_frameworkNames.Contains(alias.Name.Identifier.ValueText):
                    yield return Finding(node, "cs-shadows-test-framework", $"the alias {alias.Name.Identifier.ValueText} has a test framework's name: the tests would call it instead");
                    break;
                case BaseNamespaceDeclarationSyntax ns when s_reservedNamespaces.Any(r => ns.Name.ToString() == r || ns.Name.ToString().StartsWith(r + ".", StringComparison.Ordinal)):
                    yield return Finding(ns, "cs-shadows-test-framework", $"the namespace {ns.Name} belongs to the platform or the test framework");
                    break;
                case MethodDeclarationSyntax method when s_equalityMethods.Contains(method.Identifier.ValueText) && IgnoresAnOperand(method.ParameterList, method.Body, method.ExpressionBody):
                    yield return Finding(method, "cs-equality-ignores-operand", $"{method.Identifier.ValueText} does not look at what it compares: a value that equals anything passes every assertion");
                    break;
                case OperatorDeclarationSyntax op when op.OperatorToken.Kind() is SyntaxKind.EqualsEqualsToken or SyntaxKind.ExclamationEqualsToken
                    && IgnoresAnOperand(op.ParameterList, op.Body, op.ExpressionBody):
                    yield return Finding(op, "cs-equality-ignores-operand", $"operator {op.OperatorToken.ValueText} does not look at both operands: a value that equals anything passes every assertion");
                    break;
                case ConversionOperatorDeclarationSyntax conversion when IgnoresAnOperand(conversion.ParameterList, conversion.Body, conversion.ExpressionBody):
                    yield return Finding(conversion, "cs-equality-ignores-operand", "a conversion that ignores the value it converts answers the same to every assertion");
                    break;
            }
        }
    }

    /// <summary>True when a parameter is never read, or the member's result is a literal (<c>=&gt; true</c>).</summary>
    private static bool IgnoresAnOperand(ParameterListSyntax parameters, BlockSyntax? body, ArrowExpressionClauseSyntax? arrow)
    {
        SyntaxNode? code = (SyntaxNode?)body ?? arrow;
        if (code is null || parameters.Parameters.Count == 0)
        {
            return false;
        }
        if (arrow?.Expression is LiteralExpressionSyntax || (body is { Statements: [ReturnStatementSyntax { Expression: LiteralExpressionSyntax }] }))
        {
            return true;
        }
        // "this" is an operand too, but a method reading only its parameter is still comparing something.
        var read = code.DescendantNodes().OfType<IdentifierNameSyntax>().Select(i => i.Identifier.ValueText).ToHashSet(StringComparer.Ordinal);
        return parameters.Parameters.Any(p => !read.Contains(p.Identifier.ValueText));
    }
}
