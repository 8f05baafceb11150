using System.Runtime.Versioning;
using Agents.Sandbox.Isolation;

namespace Agents.Sandbox.Workspaces;

/// <summary>
/// One verification's folder, deleted on dispose: <c>in/</c> holds the request's files and <c>harness/</c> what
/// the verifier itself runs (runner scripts, configuration, canary tests). Both belong to the service and are
/// read-only to everyone else: the sandbox mounts them read-only and works on a size-capped copy of <c>in/</c>,
/// so nothing the code does reaches the host's disk or outlives the run. Paths must have passed
/// <see cref="VerificationRequestValidator"/>; they are checked again here so that no caller can write outside.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class Workspace : IDisposable
{
    private const UnixFileMode ReadableDirectory =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode ReadableFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private Workspace(string root) => Root = root;

    public string Root { get; }

    /// <summary>The request's files (mounted read-only at <c>/.in</c>, copied to <c>/workspace</c>).</summary>
    public string Input => Path.Combine(Root, "in");

    /// <summary>The verifier's own files (mounted read-only at <c>/harness</c>).</summary>
    public string Harness => Path.Combine(Root, "harness");

    public static Workspace Create(string instanceRoot, IEnumerable<KeyValuePair<string, string>> files, SandboxOptions options)
    {
        var root = Path.Combine(instanceRoot, Guid.NewGuid().ToString("N"));
        var workspace = new Workspace(root);
        try
        {
            // Traversable, not listable: other users cannot find a run's folder.
            Directory.CreateDirectory(root);
            File.SetUnixFileMode(root, UnixFileModes.TraverseOnlyDirectory);
            CreateDirectory(workspace.Input);
            CreateDirectory(workspace.Harness);
            foreach (var (path, content) in files)
            {
                if (VerificationRequestValidator.PathProblem(path, options) is { } problem)
                {
                    throw new ArgumentException($"Path '{path}' is rejected: {problem}.", nameof(files));
                }
                workspace.Write(workspace.Input, path, content ?? "", FileMode.CreateNew);
            }
            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>Writes a file of the verifier's own into <see cref="Harness"/>.</summary>
    public string WriteHarnessFile(string relativePath, string content) => Write(Harness, relativePath, content, FileMode.Create);

    /// <summary>Appends text (canary tests) to one of the request's files, as the sandbox will see it.</summary>
    public void AppendToInput(string relativePath, string text)
    {
        var full = Contained(Input, relativePath);
        File.AppendAllText(full, text);
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

    private string Write(string folder, string relativePath, string content, FileMode mode)
    {
        var full = Contained(folder, relativePath);
        var parent = Path.GetDirectoryName(full)!;
        var relative = Path.GetRelativePath(folder, parent);
        if (relative != ".")
        {
            // Top down, each with its mode set: the service's umask is not trusted to keep folders private.
            var current = folder;
            foreach (var segment in relative.Split(Path.DirectorySeparatorChar))
            {
                current = Path.Combine(current, segment);
                if (!Directory.Exists(current))
                {
                    CreateDirectory(current);
                }
            }
        }
        // CreateNew for the request's files: never follows or overwrites an existing entry.
        using (var stream = new FileStream(full, mode, FileAccess.Write))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }
        File.SetUnixFileMode(full, ReadableFile);
        return full;
    }

    private static string Contained(string folder, string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(folder, relativePath));
        if (!full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Path '{relativePath}' leaves the workspace.", nameof(relativePath));
        }
        return full;
    }

    private static void CreateDirectory(string path)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, ReadableDirectory);
    }
}
