using System.Runtime.Versioning;
using System.Globalization;
using Agents.Sandbox.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox.Isolation;

/// <summary>
/// Runs commands in a workspace under bubblewrap: no network, a read-only root and system folders, the request's
/// files as a copy on a size-capped tmpfs (the host's copy is mounted read-only), the verifier's harness read-only,
/// size-capped /tmp and /dev/shm, its own PID namespace, killed with its parent, a cleared environment, and
/// resource limits set with <c>prlimit</c>. As root, commands also drop to an unprivileged per-slot uid of this
/// instance's own block (<see cref="SandboxInstance"/>).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class SandboxRunner(IOptions<SandboxOptions> options, SandboxInstance instance, TimeProvider time, ILogger<SandboxRunner> logger)
{
    /// <summary>Where the workspace appears inside the sandbox.</summary>
    public const string SandboxWorkspace = "/workspace";

    /// <summary>Where the verifier's harness files appear inside the sandbox (read-only).</summary>
    public const string SandboxHarness = "/harness";

    // The host's copy of the request's files, read-only; every command starts from a fresh copy of it.
    private const string SandboxInput = "/.in";

    private const string Prlimit = "/usr/bin/prlimit";
    private const string Setpriv = "/usr/bin/setpriv";

    // The only variables a sandboxed command sees. Nothing from the host: it may hold API keys.
    private static readonly Dictionary<string, string> s_baseEnvironment = new(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = "/tmp",
        ["LANG"] = "C.UTF-8",
        ["TMPDIR"] = "/tmp",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
        ["PYTHONUNBUFFERED"] = "1",
        ["NO_COLOR"] = "1",
    };

    // What bubblewrap itself is started with; the command inside gets its environment through --setenv.
    private static readonly Dictionary<string, string> s_bubblewrapEnvironment = new(StringComparer.Ordinal) { ["PATH"] = "/usr/bin:/bin" };

    private readonly SandboxOptions _options = options.Value;

    // Looked up once, not per command: neither the service's user nor the installed setpriv changes while it runs.
    private readonly bool _dropPrivileges = IsRoot && File.Exists(Setpriv);
    private readonly SemaphoreSlim _probeGate = new(1, 1);
    private bool? _isolationWorks;
    private string? _isolationProblem;

    /// <summary><c>bubblewrap</c>, or <c>none</c> when isolation is unavailable and explicitly allowed to be skipped.</summary>
    public string Mode => _isolationWorks == false ? "none" : "bubblewrap";

    private static bool IsRoot => Environment.UserName == "root" || string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal);

    /// <summary>
    /// Checks once that bubblewrap can start a sandbox here. Throws <see cref="SandboxUnavailableException"/> when it
    /// cannot and <see cref="SandboxOptions.AllowUnisolated"/> is false: code is never run unprotected by accident.
    /// </summary>
    public async Task EnsureAvailableAsync(CancellationToken cancellationToken)
    {
        if (_isolationWorks is null)
        {
            await _probeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _isolationWorks ??= await ProbeAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _probeGate.Release();
            }
        }
        if (_isolationWorks == false && !_options.AllowUnisolated)
        {
            throw new SandboxUnavailableException(
                $"Refusing to run code: {_isolationProblem} Install bubblewrap (apt-get install bubblewrap), or set " +
                $"{SandboxOptions.SectionName}:AllowUnisolated=true to run code WITHOUT isolation (unsafe).");
        }
    }

    /// <summary>Whether commands run isolated (false only when isolation is unavailable and explicitly allowed to be skipped).</summary>
    public bool Isolated => _isolationWorks != false;

    /// <summary>The instance folder workspaces are created in.</summary>
    public string WorkspaceRoot => instance.Root;

    /// <summary>The workspace and harness folders as a command sees them (sandbox paths, or host paths when unisolated).</summary>
    public (string Workspace, string Harness) PathsFor(Workspace workspace) =>
        Isolated ? (SandboxWorkspace, SandboxHarness) : (workspace.Input, workspace.Harness);

    public Task<CommandResult> RunAsync(Workspace workspace, SandboxCommand command, int slot, CancellationToken cancellationToken) =>
        RunAsync(workspace, command, slot, isolated: Isolated, cancellationToken);

    /// <summary>Runs with or without bubblewrap (the benchmark compares both); limits and environment apply to both.</summary>
    public Task<CommandResult> RunAsync(Workspace workspace, SandboxCommand command, int slot, bool isolated, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(s_baseEnvironment, StringComparer.Ordinal);
        foreach (var (key, value) in command.Environment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var argv = new List<string>();
        if (_dropPrivileges)
        {
            // Root inside the sandbox would be exempt from RLIMIT_NPROC; a uid per slot also keeps slots' process
            // counts apart.
            var uid = (instance.UidBase + slot).ToString(CultureInfo.InvariantCulture);
            argv.AddRange([Setpriv, $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--"]);
        }
        argv.AddRange(Limits(command));
        if (isolated)
        {
            argv.AddRange(BubblewrapArguments(workspace, command, environment));
            // The workspace starts as a copy of the read-only input, on the size-capped tmpfs (its disk quota);
            // exec keeps the command as the namespace's only long-lived process.
            argv.AddRange(["/bin/sh", "-c", $"cp -R {SandboxInput}/. {SandboxWorkspace}/ && exec \"$@\"", "sandbox"]);
        }
        argv.Add(command.Executable);
        argv.AddRange(command.Arguments);

        var display = (isolated ? "bwrap[no-net,ro-root,pid-ns,tmpfs-quota] " : "UNISOLATED ") + command.Display;
        var directory = isolated ? workspace.Input : command.WorkingDirectory ?? workspace.Input;
        return ProcessExecutor.RunAsync(
            argv[0], argv[1..], directory, isolated ? s_bubblewrapEnvironment : environment,
            command.Timeout, _options.MaxOutputBytes, display, time, cancellationToken);
    }

    private IEnumerable<string> Limits(SandboxCommand command)
    {
        var memory = command.MemoryLimitMb ?? _options.MemoryLimitMb;
        var processes = command.MaxProcesses > 0 ? command.MaxProcesses : _options.MaxProcesses;
        yield return Prlimit;
        yield return $"--cpu={_options.CpuSeconds}";
        yield return $"--nproc={processes}";
        yield return $"--fsize={(long)_options.MaxWrittenFileMb * 1024 * 1024}";
        yield return "--nofile=512";
        yield return "--core=0";
        if (memory > 0)
        {
            yield return $"--as={(long)memory * 1024 * 1024}";
        }
        yield return "--";
    }

    private IEnumerable<string> BubblewrapArguments(Workspace workspace, SandboxCommand command, IReadOnlyDictionary<string, string> environment)
    {
        List<string> args =
        [
            _options.BubblewrapPath,
            // Own user, IPC, PID, network (loopback only), UTS and cgroup namespaces: no network at all.
            "--unshare-all",
            "--die-with-parent",
            // A new session: the code cannot reach the service's terminal (TIOCSTI).
            "--new-session",
            "--hostname", "sandbox",
            // System folders read-only; /root, /home, /etc, /var and the service's files are not there at all.
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/bin", "/bin",
            "--symlink", "usr/lib", "/lib",
            "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/sbin", "/sbin",
            "--ro-bind-try", "/etc/alternatives", "/etc/alternatives",
            "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
            "--ro-bind-try", "/etc/localtime", "/etc/localtime",
            // A synthetic user database (tools such as dotnet look their user up); the host's is not shown.
            "--ro-bind-try", Path.Combine(instance.Root, "etc", "passwd"), "/etc/passwd",
            "--ro-bind-try", Path.Combine(instance.Root, "etc", "group"), "/etc/group",
            "--proc", "/proc",
            "--dev", "/dev",
            // Every writable place is a size-capped tmpfs: tmpfs is memory, and an uncapped one would let code
            // fill the host's RAM. The root and /dev are remounted read-only below.
            "--size", Bytes(_options.TmpSizeMb), "--tmpfs", "/tmp",
            "--size", Bytes(_options.ShmSizeMb), "--tmpfs", "/dev/shm",
            "--size", Bytes(_options.WorkspaceSizeMb), "--tmpfs", SandboxWorkspace,
            "--ro-bind", workspace.Input, SandboxInput,
            "--ro-bind", workspace.Harness, SandboxHarness,
            "--chdir", command.WorkingDirectory ?? SandboxWorkspace,
            "--clearenv",
        ];
        foreach (var path in command.ReadOnlyBinds ?? [])
        {
            args.AddRange(["--ro-bind", path, path]);
        }
        foreach (var (key, value) in environment)
        {
            args.AddRange(["--setenv", key, value]);
        }
        // Last, after every mount point has been made: nothing outside the tmpfs mounts stays writable.
        args.AddRange(["--remount-ro", "/dev", "--remount-ro", "/", "--as-pid-1", "--"]);
        return args;
    }

    private static string Bytes(int megabytes) => ((long)megabytes * 1024 * 1024).ToString(CultureInfo.InvariantCulture);

    private async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_options.BubblewrapPath))
        {
            _isolationProblem = $"bubblewrap is not installed at {_options.BubblewrapPath}.";
        }
        else if (!File.Exists(Prlimit))
        {
            _isolationProblem = $"prlimit (util-linux) is not installed at {Prlimit}.";
        }
        else
        {
            WriteUserDatabase();
            using var probe = Workspace.Create(instance.Root, [], _options);
            var result = await RunAsync(probe, new SandboxCommand("/usr/bin/true", [], TimeSpan.FromSeconds(20)), 0, isolated: true, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0)
            {
                return true;
            }
            _isolationProblem = $"bubblewrap cannot create a sandbox here (exit {result.ExitCode}: {result.Output.Trim()}).";
        }

        if (_options.AllowUnisolated)
        {
            LogUnisolated(logger, _isolationProblem);
        }
        return false;
    }

    private void WriteUserDatabase()
    {
        var etc = Path.Combine(instance.Root, "etc");
        Directory.CreateDirectory(etc);
        var uids = Enumerable.Range(instance.UidBase, _options.MaxParallelVerifications).ToList();
        File.WriteAllLines(Path.Combine(etc, "passwd"), [
            "root:x:0:0:root:/tmp:/usr/sbin/nologin",
            .. uids.Select(u => $"sandbox{u}:x:{u}:{u}:sandbox:/tmp:/usr/sbin/nologin"),
            "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin"]);
        File.WriteAllLines(Path.Combine(etc, "group"), [
            "root:x:0:",
            .. uids.Select(u => $"sandbox{u}:x:{u}:"),
            "nogroup:x:65534:"]);
        var readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(Path.Combine(etc, "passwd"), readable);
        File.SetUnixFileMode(Path.Combine(etc, "group"), readable);
        File.SetUnixFileMode(etc, UnixFileModes.TraverseOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox:AllowUnisolated is set and isolation is unavailable ({Problem}): generated code runs WITHOUT isolation.")]
    private static partial void LogUnisolated(ILogger logger, string? problem);
}
