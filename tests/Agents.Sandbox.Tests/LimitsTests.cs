using System.Globalization;
using Agents.Contracts;

namespace Agents.Sandbox.Tests;

/// <summary>
/// Each containment limit exceeded on purpose: the test inside the sandbox sees a clean error (ENOSPC, EAGAIN), the
/// verification fails saying so, and the host's free memory and disk are what they were. Margins: the sandbox is
/// asked to write 1 GiB against caps of 16 to 32 MiB, so a cap that did not hold, or memory that stayed allocated
/// after the run, would show as far more than the margin; the margin covers what the other processes on a shared
/// machine allocate meanwhile (memory 384 MiB, disk 256 MiB, host /dev/shm 8 MiB).
/// </summary>
public sealed class LimitsTests : IDisposable
{
    private const long MemoryMarginBytes = 384L << 20;
    private const long DiskMarginBytes = 256L << 20;
    private const long ShmMarginBytes = 8L << 20;

    private readonly SandboxHarness _sandbox = SandboxHarness.Create(o =>
    {
        o.MaxParallelVerifications = 2;
        o.TmpSizeMb = 16;
        o.ShmSizeMb = 16;
        o.WorkspaceSizeMb = 32;
        o.MaxProcesses = 64;
    });

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData("/dev/shm")]
    [InlineData("/tmp")]
    [InlineData("/workspace")]
    public async Task FillingATmpfs_FailsWithNoSpaceLeft_AndLeavesTheHostsMemoryAndDiskAsTheyWere(string folder)
    {
        // 8 MiB files (under the per-file limit) until 1 GiB or the first error, which the test reports.
        var test = $$"""
            import os

            def test_fill():
                os.makedirs("{{folder}}/fill", exist_ok=True)
                for i in range(128):
                    with open(f"{{folder}}/fill/{i}", "wb") as handle:
                        for _ in range(8):
                            handle.write(b"x" * (1 << 20))
                            handle.flush()
            """;
        var before = HostFree();

        var result = await _sandbox.VerifyAsync(Requests.Python(test, timeoutSeconds: 60));

        var after = HostFree();
        Assert.False(result.Verified, Describe(result));
        var failure = Assert.Single(result.Tests.Failures);
        Assert.Contains("No space left on device", failure.Message, StringComparison.Ordinal);
        AssertUnchanged(before, after);
        AssertNoHostPath(result);
    }

    [Fact]
    public async Task ExceedingTheProcessLimit_FailsWithResourceUnavailable_AndTheNextRunHasItsBudgetBack()
    {
        const string test = """
            import os, signal

            def test_spawn():
                children = []
                try:
                    for _ in range(1000):
                        pid = os.fork()
                        if pid == 0:
                            signal.pause()
                            os._exit(0)
                        children.append(pid)
                finally:
                    for pid in children:
                        os.kill(pid, signal.SIGKILL)
                        os.waitpid(pid, 0)
            """;
        var before = HostFree();

        var result = await _sandbox.VerifyAsync(Requests.Python(test, timeoutSeconds: 60));

        var after = HostFree();
        Assert.False(result.Verified, Describe(result));
        var failure = Assert.Single(result.Tests.Failures);
        Assert.Contains("Resource temporarily unavailable", failure.Message, StringComparison.Ordinal);
        AssertUnchanged(before, after);
        AssertNoHostPath(result);
        // The processes were counted against the run's uid only: the next run on the same slots is not short of any.
        var next = await _sandbox.VerifyAsync(Requests.Python(Requests.PassingTest));
        Assert.True(next.Verified, Describe(next));
    }

    private void AssertNoHostPath(VerificationResult result)
    {
        var json = Describe(result);
        Assert.DoesNotContain(_sandbox.WorkRoot, json, StringComparison.Ordinal);
        Assert.DoesNotContain(AppContext.BaseDirectory.TrimEnd('/'), json, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.GetEnvironmentVariable("HOME") ?? "/nonexistent-home", json, StringComparison.Ordinal);
    }

    private static void AssertUnchanged((long Memory, long Disk, long Shm) before, (long Memory, long Disk, long Shm) after)
    {
        Assert.True(after.Memory > before.Memory - MemoryMarginBytes, $"host MemAvailable fell from {before.Memory >> 20} MiB to {after.Memory >> 20} MiB");
        Assert.True(after.Disk > before.Disk - DiskMarginBytes, $"host free disk fell from {before.Disk >> 20} MiB to {after.Disk >> 20} MiB");
        Assert.True(after.Shm > before.Shm - ShmMarginBytes, $"host /dev/shm free fell from {before.Shm >> 20} MiB to {after.Shm >> 20} MiB");
    }

    /// <summary>MemAvailable (/proc/meminfo), and the free bytes of the work root's file system and of the host's /dev/shm (statvfs).</summary>
    private (long Memory, long Disk, long Shm) HostFree()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
        var memory = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        Directory.CreateDirectory(_sandbox.WorkRoot);
        return (memory, FreeBytes(_sandbox.WorkRoot), FreeBytes("/dev/shm"));
    }

    // On Linux DriveInfo asks statvfs about the path: f_bavail * f_frsize of the file system that holds it.
    private static long FreeBytes(string path) => new DriveInfo(path).AvailableFreeSpace;

    private static string Describe(VerificationResult result) =>
        System.Text.Json.JsonSerializer.Serialize(result, AgentsJsonContext.Default.VerificationResult);
}
