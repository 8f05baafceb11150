using Agents.Contracts;
using static Agents.Repositories.Tests.Archives;

namespace Agents.Repositories.Tests;

/// <summary>Archives as input: what is kept, what is left out, and every hostile entry refused by name.</summary>
public sealed class ArchiveIntakeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Formats => ["tar.gz", "zip"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task AnArchive_KeepsItsTextFiles_AndListsBinaryIgnoredAndOversizedOnes(string format)
    {
        var archive = Make(format,
            Entry.Text("src/calc.py", "def add(a, b):\n    return a + b\n"),
            Entry.Text("tests/test_calc.py", "from src.calc import add\n"),
            Entry.Text(".gitignore", "build/\n*.log\n"),
            Entry.Text("build/out.py", "generated\n"),
            Entry.Text("debug.log", "noise\n"),
            new Entry("logo.png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0, 0, 13]),
            new Entry("data/big.txt", new byte[2048]));

        var snapshot = await Intake.Create(o => o.MaxFileBytes = 1024).ReadAsync(new RepositorySource(Archive: archive), Ct);

        Assert.Equal([".gitignore", "src/calc.py", "tests/test_calc.py"], snapshot.Files.Select(f => f.Path));
        Assert.Equal("def add(a, b):\n    return a + b\n", snapshot.Files[1].Content);
        Assert.Equal(
            [("build/out.py", "ignored by .gitignore"), ("data/big.txt", "larger than 1024 bytes"), ("debug.log", "ignored by .gitignore"), ("logo.png", "binary")],
            snapshot.Skipped.Select(s => (s.Path, s.Reason)));
        Assert.Null(snapshot.Commit);
    }

    [Theory]
    [InlineData("tar.gz", "../evil.py", "leaves the repository")]
    [InlineData("tar.gz", "src/../../evil.py", "leaves the repository")]
    [InlineData("tar.gz", "/etc/cron.d/evil", "is an absolute path")]
    [InlineData("zip", "../evil.py", "leaves the repository")]
    [InlineData("zip", "C:/Windows/evil.py", "is an absolute path")]
    public async Task AnEntryThatLeavesTheRepository_IsRefused_NamingTheEntry(string format, string name, string why)
    {
        var archive = Make(format, Entry.Text("ok.py", "x = 1\n"), Entry.Text(name, "boom\n"));

        var error = await Assert.ThrowsAsync<InvalidRepositoryException>(() => Intake.Create().ReadAsync(new RepositorySource(Archive: archive), Ct));

        Assert.Equal("repository.archive", error.Field);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tar.gz", "../../etc/passwd", false)]
    [InlineData("tar.gz", "/etc/passwd", false)]
    [InlineData("tar.gz", "../../etc/passwd", true)]
    [InlineData("zip", "../../../home/user/.ssh/id_rsa", false)]
    public async Task ALinkPointingOut_IsRefused_NamingTheEntryAndTarget(string format, string target, bool hard)
    {
        var archive = Make(format, Entry.Text("src/a.py", "x = 1\n"), new Entry("src/link", LinkTarget: target, Hard: hard));

        var error = await Assert.ThrowsAsync<InvalidRepositoryException>(() => Intake.Create().ReadAsync(new RepositorySource(Archive: archive), Ct));

        Assert.Contains("'src/link'", error.Message, StringComparison.Ordinal);
        Assert.Contains(target, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task ALinkInside_IsLeftOut_NotFollowed(string format)
    {
        var archive = Make(format, Entry.Text("src/a.py", "x = 1\n"), new Entry("src/alias.py", LinkTarget: "a.py"));

        var snapshot = await Intake.Create().ReadAsync(new RepositorySource(Archive: archive), Ct);

        Assert.Equal(["src/a.py"], snapshot.Files.Select(f => f.Path));
        Assert.Equal(("src/alias.py", "a link"), (snapshot.Skipped[0].Path, snapshot.Skipped[0].Reason));
    }

    [Fact]
    public async Task Limits_OnFilesTotalSizePathLengthAndExpansion_AreErrorsNamingTheSetting()
    {
        var many = TarGz([.. Enumerable.Range(0, 11).Select(i => Entry.Text($"f{i}.py", "x\n"))]);
        var large = TarGz(Entry.Text("a.py", new string('a', 600)), Entry.Text("b.py", new string('b', 600)));
        var deep = TarGz(Entry.Text(string.Join('/', Enumerable.Repeat("folder", 10)) + "/a.py", "x\n"));
        // 64 MiB of zeros compresses to a few kilobytes: a bomb stops at four times the total limit and a MiB.
        var bomb = TarGz(new Entry("zeros.bin", new byte[64 * 1024 * 1024]));
        var intake = Intake.Create(o => { o.MaxFiles = 10; o.MaxTotalBytes = 1000; o.MaxFileBytes = 1000; o.MaxPathLength = 40; });

        var tooMany = await Assert.ThrowsAsync<InvalidRepositoryException>(() => intake.ReadAsync(new RepositorySource(Archive: many), Ct));
        var tooLarge = await Assert.ThrowsAsync<InvalidRepositoryException>(() => intake.ReadAsync(new RepositorySource(Archive: large), Ct));
        var tooDeep = await Assert.ThrowsAsync<InvalidRepositoryException>(() => intake.ReadAsync(new RepositorySource(Archive: deep), Ct));
        var expands = await Assert.ThrowsAsync<InvalidRepositoryException>(() => intake.ReadAsync(new RepositorySource(Archive: bomb), Ct));
        var archiveTooLarge = await Assert.ThrowsAsync<InvalidRepositoryException>(() => Intake.Create(o => o.MaxArchiveBytes = 100).ReadAsync(new RepositorySource(Archive: many), Ct));

        Assert.Contains("Repositories:MaxFiles", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("Repositories:MaxTotalBytes", tooLarge.Message, StringComparison.Ordinal);
        Assert.Contains("Repositories:MaxPathLength", tooDeep.Message, StringComparison.Ordinal);
        Assert.Contains("expands to more than 1052576 bytes", expands.Message, StringComparison.Ordinal);
        Assert.Contains("Repositories:MaxArchiveBytes", archiveTooLarge.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all!", "not valid base64")]
    [InlineData("aGVsbG8gd29ybGQ=", "neither a .tar.gz nor a .zip")]
    [InlineData("H4sIAAAAAAAAA2Zvbw==", "corrupt")]
    public async Task AnArchiveThatIsNotOne_IsAClearError(string archive, string why)
    {
        var error = await Assert.ThrowsAsync<InvalidRepositoryException>(() => Intake.Create().ReadAsync(new RepositorySource(Archive: archive), Ct));

        Assert.Equal("repository.archive", error.Field);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==", "https://example.invalid/r.git", null)]
    public async Task NotExactlyOneSource_IsRefused(string? archive, string? url, string? path)
    {
        var error = await Assert.ThrowsAsync<InvalidRepositoryException>(() => Intake.Create().ReadAsync(new RepositorySource(archive, url, null, path), Ct));

        Assert.Equal("repository", error.Field);
    }

    private static string Make(string format, params Entry[] entries) => format == "zip" ? Zip(entries) : TarGz(entries);
}
