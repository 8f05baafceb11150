using System.ComponentModel.DataAnnotations;

namespace Agents.Sandbox;

/// <summary>Configuration section <c>Sandbox</c>: isolation, limits and toolchain locations. Validated at start.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>
    /// Runs code without bubblewrap when true. Unsafe: generated code then runs as a plain child process
    /// (still with resource limits and a cleared environment). Only for machines that cannot run bubblewrap.
    /// </summary>
    public bool AllowUnisolated { get; set; }

    [Required]
    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>
    /// Where workspaces are created: a folder per instance (named by its uid block), a fresh folder per
    /// verification in it, deleted afterwards; a folder left by an instance that has exited is removed on start-up.
    /// </summary>
    public string WorkRoot { get; set; } = Path.Combine(Path.GetTempPath(), "agents-sandbox");

    /// <summary>Verifications running at once; more wait their turn.</summary>
    [Range(1, 256)]
    public int MaxParallelVerifications { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// When the service runs as root, sandboxed commands run as uid <c>block + slot</c>, one uid per parallel slot,
    /// so the process limit is counted per verification and nothing runs as root. Each instance claims its own
    /// block of <see cref="MaxParallelVerifications"/> uids from this base (a host-wide lock per block).
    /// </summary>
    [Range(1000, 4_000_000)]
    public int SandboxUidBase { get; set; } = 61000;

    [Range(1, 3600)]
    public int DefaultTimeoutSeconds { get; set; } = 30;

    [Range(1, 3600)]
    public int MaxTimeoutSeconds { get; set; } = 300;

    [Range(1, 10_000)]
    public int MaxFiles { get; set; } = 200;

    [Range(1, 100_000_000)]
    public int MaxFileBytes { get; set; } = 1_000_000;

    [Range(1, 1_000_000_000)]
    public int MaxTotalBytes { get; set; } = 5_000_000;

    [Range(1, 4096)]
    public int MaxPathLength { get; set; } = 200;

    /// <summary>Combined stdout and stderr kept per command; a command printing more is killed.</summary>
    [Range(1024, 1_000_000_000)]
    public int MaxOutputBytes { get; set; } = 1_000_000;

    /// <summary>Address-space limit (RLIMIT_AS) for Python and JavaScript commands.</summary>
    [Range(64, 1_000_000)]
    public int MemoryLimitMb { get; set; } = 1024;

    /// <summary>CPU-time limit (RLIMIT_CPU) per process.</summary>
    [Range(1, 3600)]
    public int CpuSeconds { get; set; } = 60;

    /// <summary>Process and thread limit (RLIMIT_NPROC) per slot.</summary>
    [Range(8, 100_000)]
    public int MaxProcesses { get; set; } = 128;

    /// <summary>Largest file a sandboxed command may write (RLIMIT_FSIZE).</summary>
    [Range(1, 100_000)]
    public int MaxWrittenFileMb { get; set; } = 64;

    /// <summary>Size of the sandbox's private, memory-backed /tmp.</summary>
    [Range(1, 100_000)]
    public int TmpSizeMb { get; set; } = 256;

    /// <summary>Size of the sandbox's memory-backed /dev/shm.</summary>
    [Range(1, 100_000)]
    public int ShmSizeMb { get; set; } = 64;

    /// <summary>
    /// The workspace's disk quota: the sandbox works on a copy of the request's files on a tmpfs of this size
    /// (C# builds write their obj/bin folders there too).
    /// </summary>
    [Range(1, 100_000)]
    public int WorkspaceSizeMb { get; set; } = 512;

    [Required]
    public string PythonPath { get; set; } = "/usr/bin/python3";

    /// <summary><c>auto</c> (pytest when importable, else the built-in runner), <c>pytest</c> or <c>builtin</c>.</summary>
    [RegularExpression("^(auto|pytest|builtin)$")]
    public string PythonTestRunner { get; set; } = "auto";

    [Required]
    public string NodePath { get; set; } = "/usr/bin/node";

    [Required]
    public string DotnetPath { get; set; } = "/usr/share/dotnet/dotnet";

    /// <summary>A NuGet global packages folder used, read-only, as the offline package source for C# tests.</summary>
    public string NuGetPackagesPath { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Wall-clock limit for C# test runs (restore, build and test), which are slow.</summary>
    [Range(10, 3600)]
    public int CSharpTimeoutSeconds { get; set; } = 240;
}
