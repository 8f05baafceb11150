using System.Runtime.Versioning;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox.Isolation;

/// <summary>
/// This service instance's share of the host: a block of sandbox uids and a folder for its workspaces, claimed
/// by holding an exclusive lock for the life of the process. Two instances on one host therefore never share a
/// uid (nor its RLIMIT_NPROC budget) and never delete each other's workspaces; a block whose lock is free belonged
/// to a process that has exited, so whatever its folder still holds is removed when it is claimed.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SandboxInstance : IDisposable
{
    /// <summary>Blocks tried before giving up: far more instances than one host runs.</summary>
    public const int MaxBlocks = 64;

    private readonly Lock _gate = new();
    private readonly SandboxOptions _options;
    private FileStream? _lock;
    private int _uidBase;
    private string? _root;

    public SandboxInstance(IOptions<SandboxOptions> options) => _options = options.Value;

    /// <summary>The first sandbox uid of this instance; slot <c>n</c> runs as <c>UidBase + n</c>.</summary>
    public int UidBase
    {
        get
        {
            Claim();
            return _uidBase;
        }
    }

    /// <summary>The folder holding this instance's workspaces and its synthetic user database.</summary>
    public string Root
    {
        get
        {
            Claim();
            return _root!;
        }
    }

    /// <summary>Where the uid locks live: one folder per host (not per work root), since uids are per host.</summary>
    public static string LockFolder => Path.Combine(Path.GetTempPath(), "agents-sandbox-uids");

    public void Dispose()
    {
        lock (_gate)
        {
            _lock?.Dispose();
            _lock = null;
        }
    }

    private void Claim()
    {
        lock (_gate)
        {
            if (_root is not null)
            {
                return;
            }
            Directory.CreateDirectory(LockFolder);
            Directory.CreateDirectory(_options.WorkRoot);
            File.SetUnixFileMode(_options.WorkRoot, UnixFileModes.TraverseOnlyDirectory);
            for (var block = 0; block < MaxBlocks; block++)
            {
                var uidBase = _options.SandboxUidBase + block * _options.MaxParallelVerifications;
                try
                {
                    // FileShare.None takes an exclusive flock: released by the kernel when this process dies.
                    _lock = new FileStream(Path.Combine(LockFolder, $"{uidBase}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException)
                {
                    continue;
                }
                _uidBase = uidBase;
                var root = Path.Combine(_options.WorkRoot, $"u{uidBase}");
                RemoveLeftovers(root);
                Directory.CreateDirectory(root);
                File.SetUnixFileMode(root, UnixFileModes.TraverseOnlyDirectory);
                _root = root;
                return;
            }
            throw new SandboxUnavailableException($"All {MaxBlocks} sandbox uid blocks from {_options.SandboxUidBase} are held by other instances.");
        }
    }

    private static void RemoveLeftovers(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries(root))
        {
            try
            {
                // Recursive delete removes links themselves, never what they point to.
                if (Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null)
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
