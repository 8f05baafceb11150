using Agents.Sandbox.Maps;

namespace Agents.Sandbox.Tests.Maps;

public sealed class RepositoryMapTests
{
    private static readonly Dictionary<string, string> s_repository = new(StringComparer.Ordinal)
    {
        ["src/Billing/InvoiceCalculator.cs"] = """
            namespace Billing;

            public sealed class InvoiceCalculator(TaxTable taxes)
            {
                private readonly int _rounding = 2;

                public decimal Total(Invoice invoice, bool withTax = true) => 0m;

                internal static string Format(decimal amount) => "";

                void Hidden() { }

                private sealed class Cache;
            }
            """,
        ["src/Billing/TaxTable.cs"] = "namespace Billing;\npublic record TaxTable(decimal Rate)\n{\n    public const decimal Default = 0.2m;\n}\n",
        ["src/Billing/Invoice.cs"] = "namespace Billing;\npublic sealed record Invoice(string Customer, decimal Net);\n",
        ["src/Web/Pages.cs"] = "namespace Web;\npublic interface IPage\n{\n    string Render(Billing.Invoice invoice, Billing.InvoiceCalculator calculator);\n}\n",
        ["src/Mail/Sender.cs"] = "namespace Mail;\npublic class Sender\n{\n    public void Send(string to) { }\n}\n",
    };

    [Fact]
    public void Map_PutsTheFilesTheRequirementNamesFirst_WithCallableSignaturesOnly()
    {
        var map = Build("Round the invoice total to cents in the calculator", tokenBudget: 4096);

        Assert.Equal("src/Billing/InvoiceCalculator.cs", map.Files[0].Path);
        Assert.Equal(5, map.FilesTotal);
        Assert.Equal(0, map.Omitted);
        Assert.Contains("  class InvoiceCalculator(TaxTable taxes)\n", map.Text, StringComparison.Ordinal);
        Assert.Contains("    decimal Total(Invoice invoice, bool withTax)\n", map.Text, StringComparison.Ordinal);
        Assert.Contains("    string Format(decimal amount)\n", map.Text, StringComparison.Ordinal);
        Assert.Contains("    string Render(Billing.Invoice invoice, Billing.InvoiceCalculator calculator)\n", map.Text, StringComparison.Ordinal);
        Assert.Contains("    decimal Default\n", map.Text, StringComparison.Ordinal);
        // Private by keyword or by default, and nested private types, are not part of what a change can call.
        Assert.DoesNotContain("_rounding", map.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden", map.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cache", map.Text, StringComparison.Ordinal);
        Assert.Equal(RepositoryMapper.Tokens(map.Text.Length), map.Tokens);
    }

    [Fact]
    public void Map_WithoutAMatchingWord_RanksByHowMuchTheRestRefersToAFile()
    {
        var map = Build("zzz", tokenBudget: 4096);

        // Invoice is used by two other files, the calculator and the tax table by one each; the page and the sender by
        // none, which then go by path.
        Assert.Equal("src/Billing/Invoice.cs", map.Files[0].Path);
        Assert.Equal(["src/Mail/Sender.cs", "src/Web/Pages.cs"], map.Files.TakeLast(2).Select(f => f.Path));
    }

    [Fact]
    public void Map_StaysWithinItsBudget_AndSaysHowManyFilesItLeftOut()
    {
        var full = Build("invoice calculator total", tokenBudget: 4096);

        var cut = Build("invoice calculator total", tokenBudget: 60);

        Assert.True(cut.Tokens <= 60, $"{cut.Tokens} tokens");
        Assert.True(cut.Omitted > 0);
        Assert.Equal(full.FilesTotal, cut.Files.Count + cut.Omitted);
        Assert.Equal(full.Files[0].Path, cut.Files[0].Path);
        Assert.Equal(cut.Text, Build("invoice calculator total", tokenBudget: 60).Text);
    }

    private static RepositoryMap Build(string requirement, int tokenBudget) =>
        RepositoryMapper.Build(
            s_repository.ToDictionary(f => f.Key, f => CSharpDeclarations.Of(f.Key, f.Value), StringComparer.Ordinal), s_repository, requirement, tokenBudget);
}
