using System.Runtime.Versioning;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox.Isolation;

/// <summary>
/// The NuGet packages C# tests restore from, offline. The configured global packages folder usually sits under
/// <c>/root</c>, which the unprivileged sandbox uid cannot reach; it is mirrored once with hard links (no copy of
/// the data) into the work root, then mounted read-only into every C# sandbox.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class OfflinePackageSource(IOptions<SandboxOptions> options) : IDisposable
{
    private readonly SandboxOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _path;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_path is not null)
        {
            return _path;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _path ??= await PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<string> PrepareAsync(CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(_options.NuGetPackagesPath);
        if (!Directory.Exists(source))
        {
            throw new InvalidOperationException($"{SandboxOptions.SectionName}:NuGetPackagesPath ({source}) does not exist; C# tests need an offline package source.");
        }
        if (ReachableByOthers(source))
        {
            return source;
        }
        var mirror = Path.Combine(_options.WorkRoot, "nuget-offline");
        if (Directory.Exists(mirror))
        {
            return mirror;
        }
        Directory.CreateDirectory(_options.WorkRoot);
        var staging = mirror + ".staging";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        using var copy = Process.Start(new ProcessStartInfo("/usr/bin/cp", ["-al", source, staging]) { RedirectStandardError = true })!;
        await copy.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (copy.ExitCode != 0)
        {
            throw new InvalidOperationException($"Could not mirror {source} for the sandbox: {await copy.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false)}");
        }
        File.SetUnixFileMode(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Directory.Move(staging, mirror);
        return mirror;
    }

    private static bool ReachableByOthers(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (!dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }
        return true;
    }
}
