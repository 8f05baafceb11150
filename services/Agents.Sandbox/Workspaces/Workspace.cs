using System.Runtime.Versioning;
using Agents.Sandbox.Isolation;

namespace Agents.Sandbox.Workspaces;

/// <summary>
/// A fresh folder holding one verification's files, deleted on dispose. Paths must have passed
/// <see cref="VerificationRequestValidator"/>; they are checked again here so that no caller can write outside.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class Workspace : IDisposable
{
    private Workspace(string root) => Root = root;

    public string Root { get; }

    /// <summary>The folder for reports written by the runners inside the sandbox.</summary>
    public string ReportsFolder => Path.Combine(Root, VerificationRequestValidator.ReservedFolder);

    public static Workspace Create(string workRoot, IEnumerable<KeyValuePair<string, string>> files, SandboxOptions options)
    {
        Directory.CreateDirectory(workRoot);
        File.SetUnixFileMode(workRoot, UnixFileModes.TraverseOnlyDirectory);
        var root = Path.Combine(workRoot, Guid.NewGuid().ToString("N"));
        var workspace = new Workspace(root);
        try
        {
            CreateWritableDirectory(root);
            CreateWritableDirectory(workspace.ReportsFolder);
            foreach (var (path, content) in files)
            {
                if (VerificationRequestValidator.PathProblem(path, options) is { } problem)
                {
                    throw new ArgumentException($"Path '{path}' is rejected: {problem}.", nameof(files));
                }
                var full = Path.GetFullPath(Path.Combine(root, path));
                if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Path '{path}' leaves the workspace.", nameof(files));
                }
                for (var dir = Path.GetDirectoryName(full)!; dir.Length > root.Length && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!)
                {
                    CreateWritableDirectory(dir);
                }
                // CreateNew: never follows or overwrites an existing entry (the workspace is fresh; this is a guard).
                using (var stream = new FileStream(full, FileMode.CreateNew, FileAccess.Write))
                using (var writer = new StreamWriter(stream))
                {
                    writer.Write(content ?? "");
                }
                File.SetUnixFileMode(full, UnixFileModes.WorldWritableFile);
            }
            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a file the sandbox wrote, refusing links: sandboxed code could replace its report with a link to a
    /// host file (read by this process, which may be root) to leak it through the result.
    /// </summary>
    public async Task<string?> ReadSandboxFileAsync(string relativePath, int maxBytes)
    {
        var full = Path.Combine(Root, relativePath);
        for (var entry = full; entry.Length > Root.Length; entry = Path.GetDirectoryName(entry)!)
        {
            var info = new FileInfo(entry);
            if (info.LinkTarget is not null || (info.Exists && info.Attributes.HasFlag(FileAttributes.ReparsePoint)))
            {
                return null;
            }
        }
        var file = new FileInfo(full);
        if (!file.Exists || file.Length > maxBytes)
        {
            return null;
        }
        // Opening a FIFO planted in place of the report would block forever; give up after a few seconds.
        var read = Task.Run(() =>
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read);
            using var reader = new StreamReader(stream);
            // Sized by the file (UTF-8 never has more chars than bytes), not by the cap: no 2·maxBytes allocation per read.
            var buffer = new char[file.Length];
            var length = reader.ReadBlock(buffer, 0, buffer.Length);
            return new string(buffer, 0, length);
        });
        try
        {
            return await read.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Root))
            {
                // Recursive delete removes links themselves, never what they point to.
                Directory.Delete(Root, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void CreateWritableDirectory(string path)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileModes.WorldWritableDirectory);
    }
}
