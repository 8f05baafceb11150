using System.Text.Json;
using Agents.Contracts;
using Agents.Repositories.Editing;
using Agents.Repositories.Patches;
using Agents.Repositories.Tests.Patches;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agents.Repositories.Tests.Editing;

/// <summary>The workspace's tools as the model meets them: answers, refusals that change nothing, and the edit log.</summary>
public sealed class WorkspaceTests
{
    private static readonly SourceFile[] s_files =
    [
        new("src/calc.py", "def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a - b\n"),
        new("src/util.py", "X = 1\n"),
        new("README.md", "# calc\n"),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Workspace CreateSut(WorkspaceOptions? options = null) => new(s_files, options);

    [Fact]
    public void EditFile_SearchMatchesTwice_IsRefusedNamingTheBlock_AndNothingChanges()
    {
        var workspace = CreateSut();

        var answer = workspace.EditFile("src/calc.py", [new EditBlock("X = 1", "X = 2"), new EditBlock("    return a - b\n", "    return a + b\n")]);

        Assert.StartsWith("Error:", answer, StringComparison.Ordinal);
        Assert.Contains("block 1 matched 0 times", answer, StringComparison.Ordinal);
        Assert.Contains("block 2 matched 2 times (at lines 2, 6)", answer, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was changed.", answer, StringComparison.Ordinal);
        Assert.Equal(UnifiedDiffTests.Sorted(s_files), workspace.Files);
        Assert.Empty(workspace.State.Edits);
    }

    [Fact]
    public void EditFile_OneBlockMatchingOnce_IsAppliedAndLogged_AndTheAnswerShowsTheChange()
    {
        var workspace = CreateSut();

        var answer = workspace.EditFile("./src//calc.py", [new EditBlock("def add(a, b):\n    return a - b\n", "def add(a, b):\n    return a + b\n")]);

        Assert.StartsWith("Edited src/calc.py: 1 block(s) applied.", answer, StringComparison.Ordinal);
        Assert.Contains("-    return a - b\n+    return a + b\n", answer, StringComparison.Ordinal);
        Assert.Equal("def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n", workspace.Files["src/calc.py"]);
        Assert.Equal([new AppliedEdit(1, "edit_file", "src/calc.py", "modified")], workspace.State.Edits);
    }

    [Fact]
    public void EditFile_OnAWindowsFile_MatchesTheLinesAsReadFileShowsThem()
    {
        var workspace = new Workspace([new SourceFile("w.txt", "one\r\ntwo\r\nthree\r\n")]);

        var answer = workspace.EditFile("w.txt", [new EditBlock("one\ntwo\n", "one\n2\n")]);

        Assert.StartsWith("Edited", answer, StringComparison.Ordinal);
        Assert.Equal("one\r\n2\r\nthree\r\n", workspace.Files["w.txt"]);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("src/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\win.ini")]
    [InlineData("~/.ssh/id_rsa")]
    [InlineData(".git/config")]
    public void ReadFile_OutsideTheWorkspace_IsRefused(string path)
    {
        var workspace = CreateSut();

        var answer = workspace.ReadFile(path);

        Assert.StartsWith($"Error: The path '{path}' ", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void WritesOutsideTheWorkspace_AreRefused_AndNothingChanges()
    {
        var workspace = CreateSut();

        var created = workspace.CreateFile("../escape.py", "x");
        var deleted = workspace.DeleteFile("/etc/passwd");
        var patched = workspace.ApplyPatch("--- /dev/null\n+++ b/../escape.py\n@@ -0,0 +1 @@\n+x\n");

        Assert.All([created, deleted, patched], a => Assert.StartsWith("Error: The path ", a, StringComparison.Ordinal));
        Assert.Equal(UnifiedDiffTests.Sorted(s_files), workspace.Files);
        Assert.Empty(workspace.State.Edits);
    }

    [Fact]
    public void ReadFile_ShowsNumberedLines_AndARangeInPartsWhenLong()
    {
        var workspace = new Workspace([new SourceFile("big.txt", string.Concat(Enumerable.Range(1, 30).Select(n => $"row {n}\n")))], new WorkspaceOptions { MaxReadLines = 10 });

        var first = workspace.ReadFile("big.txt");
        var range = workspace.ReadFile("big.txt", 12, 13);
        var past = workspace.ReadFile("big.txt", 31);

        Assert.StartsWith("big.txt (lines 1-10 of 30):\n 1\trow 1\n 2\trow 2\n", first, StringComparison.Ordinal);
        Assert.EndsWith("10\trow 10\n(more: read_file with startLine=11)\n", first, StringComparison.Ordinal);
        Assert.Equal("big.txt (lines 12-13 of 30):\n12\trow 12\n13\trow 13\n", range);
        Assert.Equal("Error: 'big.txt' has 30 lines; startLine must be between 1 and 30, not 31.", past);
    }

    [Fact]
    public void ReadFile_AMissingFile_NamesFilesWithTheSameName()
    {
        var answer = CreateSut().ReadFile("calc.py");

        Assert.Equal("Error: 'calc.py' does not exist. Files with that name: src/calc.py.", answer);
    }

    [Fact]
    public void Search_AnswersPathLineAndText_UnderAFolder_AndRefusesABadPattern()
    {
        var workspace = CreateSut();

        var all = workspace.Search(@"return a \- b", cancellationToken: Ct);
        var none = workspace.Search("calc", folder: "src", cancellationToken: Ct);
        var bad = workspace.Search("(unclosed", cancellationToken: Ct);

        Assert.Equal("src/calc.py:2:     return a - b\nsrc/calc.py:6:     return a - b\n", all);
        Assert.Equal("No line matches /calc/ in 2 file(s) under 'src'.", none);
        Assert.StartsWith("Error: The pattern is not a valid .NET regular expression:", bad, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_ACatastrophicPattern_StopsAtItsTimeout_WithAClearAnswer()
    {
        var workspace = new Workspace([new SourceFile("a.txt", new string('a', 5000) + "!\n")], new WorkspaceOptions { RegexTimeout = TimeSpan.FromMilliseconds(1) });

        var answer = workspace.Search("^(a+)+$", cancellationToken: Ct);

        Assert.Equal("Error: The pattern took longer than 1 ms on a.txt:1; use a simpler pattern.", answer);
    }

    [Fact]
    public void Search_ManyMatches_AreCutToTheLimit()
    {
        var workspace = new Workspace([new SourceFile("m.txt", string.Concat(Enumerable.Repeat("hit\n", 50)))], new WorkspaceOptions { MaxSearchMatches = 3 });

        var answer = workspace.Search("hit", cancellationToken: Ct);

        Assert.Equal("m.txt:1: hit\nm.txt:2: hit\nm.txt:3: hit\n(more matches not shown: the first 3 are above; narrow the pattern or the folder)\n", answer);
    }

    [Fact]
    public void ApplyPatch_AHunkThatDoesNotApply_IsRefused_AndNoFileChanges()
    {
        var workspace = CreateSut();
        // The first file's hunk applies; the second's context is wrong, so neither is applied.
        var patch = """
            --- a/src/util.py
            +++ b/src/util.py
            @@ -1 +1 @@
            -X = 1
            +X = 2
            --- a/src/calc.py
            +++ b/src/calc.py
            @@ -1,2 +1,2 @@
             def add(x, y):
            -    return a - b
            +    return a + b

            """.ReplaceLineEndings("\n");

        var answer = workspace.ApplyPatch(patch);

        Assert.Equal("Error: Hunk 1 of 'src/calc.py' (@@ -1,2 +1,2 @@) does not match the file: line 1 is 'def add(a, b):', the hunk expects 'def add(x, y):'; nowhere else in the file matches either. Nothing was changed.", answer);
        Assert.Equal(UnifiedDiffTests.Sorted(s_files), workspace.Files);
        Assert.Empty(workspace.State.Edits);
    }

    [Fact]
    public void ApplyPatch_WrongHunkCounts_AreRefusedNamingTheHunk()
    {
        var answer = CreateSut().ApplyPatch("--- a/src/util.py\n+++ b/src/util.py\n@@ -1,3 +1,3 @@\n-X = 1\n+X = 2\n");

        Assert.Equal("Error: Patch line 3: the hunk '@@ -1,3 +1,3 @@' has 1 old and 1 new lines, but its header says 3 and 3. Nothing was changed.", answer);
    }

    [Fact]
    public void ApplyPatch_AHunkSomeLinesOffItsHeader_IsFoundByItsContext()
    {
        var workspace = CreateSut();

        var answer = workspace.ApplyPatch("--- a/src/calc.py\n+++ b/src/calc.py\n@@ -1,2 +1,2 @@\n def sub(a, b):\n-    return a - b\n+    return b - a\n");

        Assert.Equal("Applied the patch: modified src/calc.py.", answer);
        Assert.EndsWith("def sub(a, b):\n    return b - a\n", workspace.Files["src/calc.py"], StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyPatch_PlainDiffWithProseAround_CreatesChangesAndDeletes()
    {
        var workspace = CreateSut();
        var patch = """
            Here is the fix:

            --- src/util.py
            +++ src/util.py
            @@ -1 +1,2 @@
             X = 1
            +Y = 2
            --- /dev/null
            +++ b/tests/test_util.py
            @@ -0,0 +1,2 @@
            +def test_y():
            +    assert True
            --- a/README.md
            +++ /dev/null
            @@ -1 +0,0 @@
            -# calc
            That is all.
            """.ReplaceLineEndings("\n");

        var answer = workspace.ApplyPatch(patch);

        Assert.Equal("Applied the patch: deleted README.md, modified src/util.py, created tests/test_util.py.", answer);
        Assert.Equal("X = 1\nY = 2\n", workspace.Files["src/util.py"]);
        Assert.Equal("def test_y():\n    assert True\n", workspace.Files["tests/test_util.py"]);
        Assert.False(workspace.Files.ContainsKey("README.md"));
    }

    [Fact]
    public void ApplyPatch_ARename_IsRefusedWithWhatToDoInstead()
    {
        var answer = CreateSut().ApplyPatch("diff --git a/README.md b/README.txt\nsimilarity index 100%\nrename from README.md\nrename to README.txt\n");

        Assert.Equal("Error: Patch line 2: renames and copies are not supported: delete the old file and create the new one. Nothing was changed.", answer);
    }

    [Fact]
    public void ApplyPatch_OfTheGeneratedDiff_TurnsTheOriginalIntoTheFinalFiles()
    {
        var workspace = new Workspace(UnifiedDiffTests.Original);

        var answer = workspace.ApplyPatch(UnifiedDiff.Create(UnifiedDiffTests.Original, UnifiedDiffTests.Final));

        Assert.StartsWith("Applied the patch: ", answer, StringComparison.Ordinal);
        Assert.Equal(UnifiedDiffTests.Sorted(UnifiedDiffTests.Final), workspace.Files);
        Assert.Equal(UnifiedDiff.Create(UnifiedDiffTests.Original, UnifiedDiffTests.Final), workspace.CreatePatch());
        Assert.Contains(new AppliedEdit(2, "apply_patch", "dir with space/file name.txt", "modified"), workspace.State.Edits);
        Assert.Contains(workspace.State.Edits, e => e is { Path: "old.txt", Change: "deleted" });
        Assert.Contains(workspace.State.Edits, e => e is { Path: "tests/test_calc.py", Change: "created" });
    }

    [Fact]
    public void CreateAndDelete_KeepTheTreeCheckoutable()
    {
        var workspace = CreateSut();

        var underAFile = workspace.CreateFile("src/calc.py/inner.py", "x\n");
        var overAFolder = workspace.CreateFile("src", "x\n");
        var existing = workspace.CreateFile("README.md", "again\n");
        var created = workspace.CreateFile("tests/test_calc.py", "def test():\n    pass\n");
        var deleted = workspace.DeleteFile("README.md");
        var deletedTwice = workspace.DeleteFile("README.md");

        Assert.Equal("Error: 'src/calc.py' is a file, so 'src/calc.py/inner.py' cannot be made under it. Nothing was changed.", underAFile);
        Assert.Equal("Error: 'src' is a folder; a file cannot take its name. Nothing was changed.", overAFolder);
        Assert.Equal("Error: 'README.md' exists already; change it with edit_file or apply_patch. Nothing was changed.", existing);
        Assert.Equal("Created tests/test_calc.py (2 lines).", created);
        Assert.Equal("Deleted README.md.", deleted);
        Assert.StartsWith("Error: 'README.md' does not exist.", deletedTwice, StringComparison.Ordinal);
        Assert.Equal([new AppliedEdit(1, "create_file", "tests/test_calc.py", "created"), new AppliedEdit(2, "delete_file", "README.md", "deleted")], workspace.State.Edits);
    }

    [Fact]
    public void Limits_OnFileSizeTotalAndCount_RefuseGrowth_ButAllowShrinking()
    {
        // The three files start at 66 + 6 + 7 = 79 bytes.
        var workspace = CreateSut(new WorkspaceOptions { MaxFileBytes = 100, MaxTotalBytes = 200, MaxFiles = 4 });

        var tooBig = workspace.CreateFile("big.txt", new string('x', 101));
        var fourth = workspace.CreateFile("four.txt", new string('y', 60));
        var fifth = workspace.CreateFile("five.txt", "z");
        var overTotal = workspace.EditFile("README.md", [new EditBlock("# calc", new string('w', 90))]);
        var shrunk = workspace.EditFile("four.txt", [new EditBlock(new string('y', 60), "y")]);

        Assert.Equal("Error: 'big.txt' would be 101 bytes, over the limit of 100 bytes per file. Nothing was changed.", tooBig);
        Assert.StartsWith("Created four.txt", fourth, StringComparison.Ordinal);
        Assert.Equal("Error: The workspace would hold 5 files, over its limit of 4. Nothing was changed.", fifth);
        Assert.Equal("Error: The files would total 223 bytes, over the workspace limit of 200. Nothing was changed.", overTotal);
        Assert.StartsWith("Edited four.txt", shrunk, StringComparison.Ordinal);
        Assert.Equal("# calc\n", workspace.Files["README.md"]);
        Assert.Equal(4, workspace.Files.Count);
    }

    [Fact]
    public void Options_FromConfiguration_AreBoundAndValidatedOnStart()
    {
        using var good = StartHost(("Repositories:Workspace:MaxReadLines", "50"), ("Repositories:Workspace:RegexTimeout", "00:00:02"));
        var bad = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => StartHost(("Repositories:Workspace:MaxSearchMatches", "0")).Dispose());

        var options = good.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkspaceOptions>>().Value;
        Assert.Equal(50, options.MaxReadLines);
        Assert.Equal(TimeSpan.FromSeconds(2), options.RegexTimeout);
        Assert.Equal(new WorkspaceOptions().MaxFileBytes, options.MaxFileBytes);
        Assert.Contains("Repositories:Workspace:MaxSearchMatches must be positive.", bad.Failures);
    }

    private static IHost StartHost(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddAgentsRepositories();
        var host = builder.Build();
        try
        {
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }

    [Fact]
    public void Options_OutOfRange_AreRefusedNamingTheSetting()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => CreateSut(new WorkspaceOptions { MaxFileBytes = 0, RegexTimeout = TimeSpan.Zero }));

        Assert.Contains("Repositories:Workspace:MaxFileBytes must be positive.", error.Failures);
        Assert.Contains("Repositories:Workspace:RegexTimeout must be positive and at most a minute.", error.Failures);
    }

    [Fact]
    public void State_RoundTripsThroughTheJsonContext()
    {
        var workspace = CreateSut();
        workspace.EditFile("src/util.py", [new EditBlock("X = 1", "X = 2")]);
        workspace.DeleteFile("README.md");

        var json = JsonSerializer.Serialize(workspace.State, RepositoriesJsonContext.Default.WorkspaceState);
        var back = JsonSerializer.Deserialize(json, RepositoriesJsonContext.Default.WorkspaceState)!;

        Assert.Equal(workspace.State.Edits, back.Edits);
        Assert.Equal(workspace.State.Files, back.Files);
        Assert.Contains("\"tool\":\"delete_file\"", json, StringComparison.Ordinal);
    }
}
