using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Agents.Sandbox.Maps;

/// <summary>
/// The declarations of C# files with their signatures, from Roslyn syntax trees in-process: parsing runs nothing of
/// the code, so unlike Python and JavaScript analysis it needs no sandbox.
/// </summary>
public static class CSharpDeclarations
{
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Preview);

    public static IReadOnlyList<MappedSymbol> Of(string path, string content, CancellationToken cancellationToken = default)
    {
        var root = CSharpSyntaxTree.ParseText(content, s_parseOptions, path, cancellationToken: cancellationToken).GetRoot(cancellationToken);
        var symbols = new List<MappedSymbol>();
        foreach (var type in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax).OfType<BaseTypeDeclarationSyntax>())
        {
            if (IsHidden(type.Modifiers, type.Parent))
            {
                continue;
            }
            symbols.Add(new MappedSymbol(KindOf(type), type.Identifier.ValueText, TypeSignature(type), Line(type), 0));
            if (type is not TypeDeclarationSyntax withMembers)
            {
                continue;
            }
            foreach (var member in withMembers.Members)
            {
                if (Member(member, withMembers) is { } mapped)
                {
                    symbols.Add(mapped);
                }
            }
        }
        return symbols;
    }

    private static MappedSymbol? Member(MemberDeclarationSyntax member, TypeDeclarationSyntax owner)
    {
        // What another file can call: private members and nested types (mapped on their own) are left out.
        if (IsHidden(member.Modifiers, owner) || member is BaseTypeDeclarationSyntax)
        {
            return null;
        }
        return member switch
        {
            MethodDeclarationSyntax m => new("method", m.Identifier.ValueText,
                $"{m.ReturnType} {m.Identifier}{m.TypeParameterList}{Parameters(m.ParameterList)}", Line(m), 1),
            ConstructorDeclarationSyntax c => new("constructor", c.Identifier.ValueText, $"{c.Identifier}{Parameters(c.ParameterList)}", Line(c), 1),
            PropertyDeclarationSyntax p => new("property", p.Identifier.ValueText, $"{p.Type} {p.Identifier}", Line(p), 1),
            FieldDeclarationSyntax f when f.Modifiers.Any(SyntaxKind.ConstKeyword) || f.Modifiers.Any(SyntaxKind.PublicKeyword) =>
                new("field", f.Declaration.Variables[0].Identifier.ValueText, $"{f.Declaration.Type} {string.Join(", ", f.Declaration.Variables.Select(v => v.Identifier.ValueText))}", Line(f), 1),
            EventFieldDeclarationSyntax e => new("event", e.Declaration.Variables[0].Identifier.ValueText, $"event {e.Declaration.Type} {e.Declaration.Variables[0].Identifier}", Line(e), 1),
            _ => null,
        };
    }

    private static string TypeSignature(BaseTypeDeclarationSyntax type)
    {
        var keyword = type switch
        {
            RecordDeclarationSyntax r => r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
            TypeDeclarationSyntax t => t.Keyword.ValueText,
            EnumDeclarationSyntax => "enum",
            _ => "type",
        };
        var generics = (type as TypeDeclarationSyntax)?.TypeParameterList?.ToString() ?? "";
        var parameters = type is TypeDeclarationSyntax { ParameterList: { } primary } ? Parameters(primary) : "";
        var bases = type.BaseList is { } list ? " : " + string.Join(", ", list.Types.Select(t => t.Type.ToString())) : "";
        return $"{keyword} {type.Identifier}{generics}{parameters}{bases}";
    }

    // Parameters without attributes and default values: the shape a caller needs, in one line.
    private static string Parameters(ParameterListSyntax list) =>
        "(" + string.Join(", ", list.Parameters.Select(p => p.Type is null ? p.Identifier.ValueText : $"{p.Modifiers.ToString()} {p.Type} {p.Identifier}".Trim())) + ")";

    private static string KindOf(BaseTypeDeclarationSyntax type) => type switch
    {
        InterfaceDeclarationSyntax => "interface",
        RecordDeclarationSyntax => "record",
        StructDeclarationSyntax => "struct",
        EnumDeclarationSyntax => "enum",
        _ => "class",
    };

    /// <summary>
    /// Private, said or by default: a member of a class, struct or record without an access modifier is private, as is
    /// a nested type; an interface's members are public.
    /// </summary>
    private static bool IsHidden(SyntaxTokenList modifiers, SyntaxNode? parent)
    {
        if (modifiers.Any(SyntaxKind.PrivateKeyword))
        {
            return !modifiers.Any(SyntaxKind.ProtectedKeyword);
        }
        var declared = modifiers.Any(SyntaxKind.PublicKeyword) || modifiers.Any(SyntaxKind.InternalKeyword) || modifiers.Any(SyntaxKind.ProtectedKeyword);
        return !declared && parent is TypeDeclarationSyntax and not InterfaceDeclarationSyntax;
    }

    private static int Line(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
}
