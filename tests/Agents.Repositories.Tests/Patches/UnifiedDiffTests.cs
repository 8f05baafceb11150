using Agents.Contracts;
using Agents.Repositories.Patches;
using Agents.Testing;

namespace Agents.Repositories.Tests.Patches;

/// <summary>The diff a run returns, checked by the real git: it applies to a checkout of the original and gives the final files.</summary>
public sealed class UnifiedDiffTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string s_long = string.Concat(Enumerable.Range(1, 40).Select(n => $"line {n}\n"));

    /// <summary>A change in two places of a long file, a new file, a deleted one, and the no-newline cases both ways.</summary>
    internal static readonly SourceFile[] Original =
    [
        new("src/calc.py", "def add(a, b):\n    return a - b\n\n\ndef mul(a, b):\n    return a * b\n"),
        new("docs/long.txt", s_long),
        new("old.txt", "going away\nsoon\n"),
        new("tail.txt", "first\nlast without newline"),
        new("gains.txt", "no newline yet"),
        new("loses.txt", "ends\nwith newline\n"),
        new("crlf.txt", "one\r\ntwo\r\nthree\r\n"),
        new("dir with space/file name.txt", "a\nb\n"),
        new("unchanged.md", "# same\n"),
        new("empty-going.txt", ""),
        new("say \"hi\".txt", "hi\n"),
    ];

    internal static readonly SourceFile[] Final =
    [
        new("src/calc.py", "def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n"),
        new("docs/long.txt", s_long.Replace("line 3\n", "line three\n", StringComparison.Ordinal).Replace("line 37\n", "line 37\ninserted\n", StringComparison.Ordinal)),
        new("tests/test_calc.py", "from src.calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n"),
        new("tail.txt", "first\nlast changed, still no newline"),
        new("gains.txt", "no newline yet\n"),
        new("loses.txt", "ends\nwithout newline"),
        new("crlf.txt", "one\r\n2\r\nthree\r\n"),
        new("dir with space/file name.txt", "a\nB\n"),
        new("unchanged.md", "# same\n"),
        new("empty-new.txt", ""),
        new("say \"hi\".txt", "hello\n"),
    ];

    [Fact]
    public async Task SeveralEdits_ApplyWithGitApplyToTheOriginal_AndGiveTheFinalFiles()
    {
        var checkout = await GitCheckout.CreateAsync(Original, Ct);
        var diff = UnifiedDiff.Create(Original, Final);
        var patch = Path.Combine(TempDirectories.Create("agents-patchfile-"), "change.patch");
        await File.WriteAllTextAsync(patch, diff, Ct);

        await checkout.GitAsync(Ct, "apply", "--check", patch);
        await checkout.GitAsync(Ct, "apply", patch);

        Assert.Equal(Sorted(Final), checkout.Files());
        // Two changes 34 lines apart are two hunks; the no-newline marker is written where a side ends without one.
        Assert.Contains("@@ -1,6 +1,6 @@\n line 1\n line 2\n-line 3\n+line three\n", diff, StringComparison.Ordinal);
        Assert.Contains("@@ -35,6 +35,7 @@", diff, StringComparison.Ordinal);
        Assert.Contains("-last without newline\n\\ No newline at end of file\n+last changed, still no newline\n\\ No newline at end of file\n", diff, StringComparison.Ordinal);
        Assert.Contains("diff --git a/old.txt b/old.txt\ndeleted file mode 100644\n--- a/old.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n", diff, StringComparison.Ordinal);
        Assert.Contains("--- /dev/null\n+++ b/tests/test_calc.py\n@@ -0,0 +1,5 @@\n", diff, StringComparison.Ordinal);
        Assert.Contains("--- a/dir with space/file name.txt\t\n", diff, StringComparison.Ordinal);
        Assert.Contains("diff --git \"a/say \\\"hi\\\".txt\" \"b/say \\\"hi\\\".txt\"\n", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("unchanged.md", diff, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitsOwnDiffOfTheSameChange_IsReadAndAppliedByThePatchApplier()
    {
        var checkout = await GitCheckout.CreateAsync(Original, Ct);
        checkout.Write(Final);
        await checkout.GitAsync(Ct, "add", "-A");
        var gitDiff = await checkout.GitAsync(Ct, "diff", "--cached", "--no-renames");

        var changes = PatchApplier.Apply(ToDictionary(Original), PatchParser.Parse(gitDiff));

        Assert.Equal(Sorted(Final), Merge(ToDictionary(Original), changes));
    }

    [Fact]
    public void TheGeneratedDiff_AppliedByThePatchApplierToTheOriginal_GivesTheFinalFiles()
    {
        var diff = UnifiedDiff.Create(Original, Final);

        var changes = PatchApplier.Apply(ToDictionary(Original), PatchParser.Parse(diff));

        Assert.Equal(Sorted(Final), Merge(ToDictionary(Original), changes));
    }

    [Fact]
    public void RandomEdits_RoundTripThroughTheDiff()
    {
        // Seeded, so a failure names a case that can be replayed.
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var lines = Enumerable.Range(0, random.Next(0, 30)).Select(_ => $"l{random.Next(0, 6)}\n").ToList();
            var before = string.Concat(lines);
            for (var edit = random.Next(1, 6); edit > 0; edit--)
            {
                var at = random.Next(0, lines.Count + 1);
                switch (random.Next(3))
                {
                    case 0:
                        lines.Insert(at, $"new{random.Next(0, 3)}\n");
                        break;
                    case 1 when at < lines.Count:
                        lines.RemoveAt(at);
                        break;
                    default:
                        if (at < lines.Count)
                        {
                            lines[at] = $"changed{random.Next(0, 3)}\n";
                        }
                        break;
                }
            }
            var after = string.Concat(lines);
            if (random.Next(4) == 0 && after.Length > 0)
            {
                after = after[..^1];
            }
            var diff = UnifiedDiff.Create([new SourceFile("f.txt", before)], [new SourceFile("f.txt", after)]);

            var changes = diff.Length == 0 ? new Dictionary<string, string?>() : PatchApplier.Apply(new Dictionary<string, string> { ["f.txt"] = before }, PatchParser.Parse(diff));

            Assert.True(after == (changes.TryGetValue("f.txt", out var result) ? result : before), $"seed {seed}:\n{diff}");
        }
    }

    [Fact]
    public void IdenticalFiles_GiveAnEmptyDiff()
    {
        Assert.Equal("", UnifiedDiff.Create(Original, Original));
    }

    internal static Dictionary<string, string> ToDictionary(IEnumerable<SourceFile> files) => files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);

    internal static SortedDictionary<string, string> Sorted(IEnumerable<SourceFile> files) => new(ToDictionary(files), StringComparer.Ordinal);

    internal static SortedDictionary<string, string> Merge(Dictionary<string, string> files, IReadOnlyDictionary<string, string?> changes)
    {
        var merged = new SortedDictionary<string, string>(files, StringComparer.Ordinal);
        foreach (var (path, content) in changes)
        {
            if (content is null)
            {
                merged.Remove(path);
            }
            else
            {
                merged[path] = content;
            }
        }
        return merged;
    }
}
