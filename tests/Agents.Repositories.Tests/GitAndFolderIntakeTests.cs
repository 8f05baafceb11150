using Agents.Contracts;
using Agents.Testing;
using LibGit2Sharp;

namespace Agents.Repositories.Tests;

/// <summary>Git URLs (a real repository made here, cloned bare) and server folders as input.</summary>
public sealed class GitAndFolderIntakeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALocalRepository_IsReadAtItsDefaultBranch_OrAtABranchTagOrCommit()
    {
        var (path, first, feature) = MakeRepository();
        var intake = Intake.Create(o => o.AllowServerPaths = true);

        var head = await intake.ReadAsync(new RepositorySource(GitUrl: path), Ct);
        var branch = await intake.ReadAsync(new RepositorySource(GitUrl: new Uri(path).AbsoluteUri, Ref: "feature"), Ct);
        var tag = await intake.ReadAsync(new RepositorySource(GitUrl: path, Ref: "v1"), Ct);
        var commit = await intake.ReadAsync(new RepositorySource(GitUrl: path, Ref: first), Ct);

        Assert.Equal(["README.md", "calc.py"], head.Files.Select(f => f.Path));
        Assert.Equal(first, head.Commit);
        Assert.Equal("def add(a, b):\n    return a - b\n", head.Files[1].Content);
        Assert.Equal(feature, branch.Commit);
        Assert.Equal("def add(a, b):\n    return a + b\n", branch.Files.Single(f => f.Path == "calc.py").Content);
        Assert.Contains(branch.Files, f => f.Path == "tests/test_calc.py");
        Assert.Equal(feature, tag.Commit);
        Assert.Equal(first, commit.Commit);
    }

    [Fact]
    public async Task AMissingRepositoryOrRef_IsAClearError_AndCredentialsNeverAppear()
    {
        var (path, _, _) = MakeRepository();
        var intake = Intake.Create(o => o.AllowServerPaths = true);
        var missing = Path.Combine(TempDirectories.Create("agents-nogit-"), "nothing-here");

        var noRepository = await Assert.ThrowsAsync<InvalidRepositoryException>(() => intake.ReadAsync(new RepositorySource(GitUrl: missing), Ct));
        var noRef = await Assert.ThrowsAsync<InvalidRepositoryException>(() => intake.ReadAsync(new RepositorySource(GitUrl: path, Ref: "no-such-branch"), Ct));
        // Nothing listens on port 1: the clone fails, and the token in the URL is not in the message.
        var unreachable = await Assert.ThrowsAsync<InvalidRepositoryException>(() => intake.ReadAsync(new RepositorySource(GitUrl: "http://someone:s3cret-token@127.0.0.1:1/repo.git"), Ct));

        Assert.Equal("repository.gitUrl", noRepository.Field);
        Assert.StartsWith($"Could not clone '{missing}'", noRepository.Message, StringComparison.Ordinal);
        Assert.Equal("repository.ref", noRef.Field);
        Assert.Contains("'no-such-branch'", noRef.Message, StringComparison.Ordinal);
        Assert.Equal("repository.gitUrl", unreachable.Field);
        Assert.DoesNotContain("s3cret-token", unreachable.Message, StringComparison.Ordinal);
        Assert.Contains("***@127.0.0.1:1", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalRepositoriesAndFolders_AreRefused_UnlessServerPathsAreAllowed()
    {
        var (path, _, _) = MakeRepository();
        var intake = Intake.Create();

        var git = await Assert.ThrowsAsync<InvalidRepositoryException>(() => intake.ReadAsync(new RepositorySource(GitUrl: path), Ct));
        var fileUrl = await Assert.ThrowsAsync<InvalidRepositoryException>(() => intake.ReadAsync(new RepositorySource(GitUrl: new Uri(path).AbsoluteUri), Ct));
        var folder = await Assert.ThrowsAsync<InvalidRepositoryException>(() => intake.ReadAsync(new RepositorySource(Path: path), Ct));

        Assert.All([git, fileUrl], e => Assert.Contains("Repositories:AllowServerPaths", e.Message, StringComparison.Ordinal));
        Assert.Equal("repository.path", folder.Field);
        Assert.Contains("Repositories:AllowServerPaths", folder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerFolder_IsReadWithoutGitMetadata_AndItsLinksAreLeftOut()
    {
        var (path, _, _) = MakeRepository();
        var outside = TempDirectories.Create("agents-outside-");
        await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "not yours\n", Ct);
        File.CreateSymbolicLink(Path.Combine(path, "escape.txt"), Path.Combine(outside, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(path, "escape-dir"), outside);

        var snapshot = await Intake.Create(o => o.AllowServerPaths = true).ReadAsync(new RepositorySource(Path: path), Ct);
        var relative = await Assert.ThrowsAsync<InvalidRepositoryException>(() => Intake.Create(o => o.AllowServerPaths = true).ReadAsync(new RepositorySource(Path: "relative/folder"), Ct));

        Assert.Equal(["README.md", "calc.py"], snapshot.Files.Select(f => f.Path));
        Assert.Equal([("escape-dir", "a link"), ("escape.txt", "a link")], snapshot.Skipped.Select(s => (s.Path, s.Reason)));
        Assert.DoesNotContain(snapshot.Files, f => f.Content.Contains("not yours", StringComparison.Ordinal));
        Assert.Equal("repository.path", relative.Field);
    }

    /// <summary>A working repository: main has a buggy calc.py; branch feature (tagged v1) fixes it and adds a test.</summary>
    private static (string Path, string First, string Feature) MakeRepository()
    {
        var path = TempDirectories.Create("agents-git-");
        Repository.Init(path);
        using var repository = new Repository(path);
        var author = new Signature("Test", "test@localhost", DateTimeOffset.UnixEpoch);
        File.WriteAllText(Path.Combine(path, "README.md"), "# calc\n");
        File.WriteAllText(Path.Combine(path, "calc.py"), "def add(a, b):\n    return a - b\n");
        Commands.Stage(repository, "*");
        var first = repository.Commit("buggy add", author, author);
        var feature = repository.CreateBranch("feature");
        Commands.Checkout(repository, feature);
        File.WriteAllText(Path.Combine(path, "calc.py"), "def add(a, b):\n    return a + b\n");
        Directory.CreateDirectory(Path.Combine(path, "tests"));
        File.WriteAllText(Path.Combine(path, "tests", "test_calc.py"), "from calc import add\n");
        Commands.Stage(repository, "*");
        var fix = repository.Commit("fix add", author, author);
        repository.ApplyTag("v1");
        Commands.Checkout(repository, repository.Branches[first.Sha] ?? repository.Branches["master"] ?? repository.Branches["main"]);
        return (path, first.Sha, fix.Sha);
    }
}
