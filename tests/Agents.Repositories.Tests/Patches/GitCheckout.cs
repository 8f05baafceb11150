using System.Diagnostics;
using Agents.Contracts;
using Agents.Testing;

namespace Agents.Repositories.Tests.Patches;

/// <summary>A real git repository made from a set of files and committed, to run the real <c>git apply</c> and <c>git diff</c> on.</summary>
internal sealed class GitCheckout
{
    private GitCheckout(string directory) => Directory = directory;

    public string Directory { get; }

    public static async Task<GitCheckout> CreateAsync(IEnumerable<SourceFile> files, CancellationToken ct)
    {
        var checkout = new GitCheckout(TempDirectories.Create("agents-patch-"));
        checkout.Write(files);
        await checkout.GitAsync(ct, "init", "-q");
        await checkout.GitAsync(ct, "add", "-A");
        await checkout.GitAsync(ct, "-c", "user.name=Tests", "-c", "user.email=tests@localhost", "commit", "-q", "-m", "original");
        return checkout;
    }

    /// <summary>Replaces the work tree's files with <paramref name="files"/>.</summary>
    public void Write(IEnumerable<SourceFile> files)
    {
        foreach (var existing in Files().Keys)
        {
            File.Delete(Path.Combine(Directory, existing));
        }
        foreach (var file in files)
        {
            var path = Path.Combine(Directory, file.Path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content);
        }
    }

    /// <summary>The work tree's files (outside .git), by relative path.</summary>
    public SortedDictionary<string, string> Files()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Directory, path).Replace('\\', '/');
            if (!relative.StartsWith(".git/", StringComparison.Ordinal))
            {
                files[relative] = File.ReadAllText(path);
            }
        }
        return files;
    }

    /// <summary>Runs git in the checkout: its exit code and everything it printed.</summary>
    public async Task<(int ExitCode, string Output)> TryGitAsync(CancellationToken ct, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // The machine's own git settings must not change what the tests see.
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var git = Process.Start(info)!;
        var stdout = git.StandardOutput.ReadToEndAsync(ct);
        var stderr = git.StandardError.ReadToEndAsync(ct);
        await git.WaitForExitAsync(ct);
        return (git.ExitCode, await stdout + await stderr);
    }

    public async Task<string> GitAsync(CancellationToken ct, params string[] arguments)
    {
        var (exitCode, output) = await TryGitAsync(ct, arguments);
        Assert.True(exitCode == 0, $"git {string.Join(' ', arguments)} exited {exitCode}: {output}");
        return output;
    }
}
