using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Agents.Contracts;

namespace Agents.Sandbox.Tests;

/// <summary>
/// Programs that attack the host. Each must be contained (the host and other verifications are unharmed) and
/// reported (the result says what happened) rather than crash or hang the verifier.
/// </summary>
public sealed class HostileProgramTests : IDisposable
{
    private readonly SandboxHarness _sandbox = SandboxHarness.Create(o => o.MaxParallelVerifications = 2);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Network_LoopbackInternetAndDns_AreAllUnreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var test = $$"""
            import socket
            import pytest

            @pytest.mark.parametrize("host,port", [("127.0.0.1", {{port}}), ("1.1.1.1", 53), ("8.8.8.8", 443), ("example.com", 80)])
            def test_connection_fails(host, port):
                with pytest.raises(OSError):
                    socket.create_connection((host, port), timeout=3)
            """;

        var result = await _sandbox.VerifyAsync(Requests.Python(test));

        Assert.True(result.Verified, Describe(result));
        Assert.Equal(4, result.Tests.Passed);
        Assert.False(listener.Pending(), "The sandbox reached a port on the host's loopback interface.");
    }

    [Fact]
    public async Task ForkBomb_IsStoppedAndLeavesNoProcesses()
    {
        const string test = """
            import os

            def test_fork_bomb():
                while True:
                    os.fork()
            """;

        var result = await _sandbox.VerifyAsync(Requests.Python(test, timeoutSeconds: 5));

        Assert.False(result.Verified);
        Assert.NotEmpty(result.Checkpoint(CheckpointNames.Tests).Findings);
        Assert.Empty(await SandboxProcessesAfterTeardownAsync());
        Assert.True((await _sandbox.VerifyAsync(Requests.Python("from solution import add\n\ndef test_add():\n    assert add(1, 2) == 3\n"))).Verified);
    }

    [Fact]
    public async Task MemoryBomb_FailsWithMemoryError()
    {
        const string test = """
            def test_memory_bomb():
                blocks = []
                while True:
                    blocks.append(bytearray(64 * 1024 * 1024))
            """;

        var result = await _sandbox.VerifyAsync(Requests.Python(test));

        Assert.False(result.Verified);
        Assert.Equal(1, result.Tests.Failed + result.Tests.Errors);
        Assert.Contains("MemoryError", result.Tests.Failures.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InfiniteLoop_IsKilledAtTheWallClockLimit()
    {
        const string test = """
            def test_spins_forever():
                while True:
                    pass
            """;

        var result = await _sandbox.VerifyAsync(Requests.Python(test, timeoutSeconds: 2));

        var tests = result.Checkpoint(CheckpointNames.Tests);
        Assert.False(result.Verified);
        Assert.Equal(-1, tests.Proof.ExitCode);
        Assert.Contains("wall-clock limit", tests.Proof.OutputExcerpt, StringComparison.Ordinal);
        Assert.Contains(tests.Findings, f => f.Rule == "test-run-failed" && f.Message.Contains("wall-clock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HugeOutput_IsCutOffAndTheRunKilled()
    {
        // The harness applies the verifier's output cap to what the tests print.
        using var sandbox = SandboxHarness.Create(o =>
        {
            o.PythonTestRunner = "builtin";
            o.MaxOutputBytes = 256 * 1024;
        });
        const string test = """
            import sys

            def test_floods_stdout():
                while True:
                    sys.stdout.write("x" * 65536)
            """;

        var result = await sandbox.VerifyAsync(Requests.Python(test, timeoutSeconds: 30));

        var tests = result.Checkpoint(CheckpointNames.Tests);
        Assert.False(result.Verified);
        Assert.Contains(tests.Findings, f => f.Message.Contains("output limit exceeded", StringComparison.Ordinal));
        Assert.True(tests.Proof.OutputExcerpt.Length < 10_000, "The proof should hold an excerpt, not the flood.");
    }

    [Fact]
    public async Task WritingOutsideTheWorkspace_FailsOrStaysInTheSandbox()
    {
        var marker = "agents-escape-" + Guid.NewGuid().ToString("N");
        var test = $$"""
            import os
            import pytest

            MARKER = "{{marker}}"

            @pytest.mark.parametrize("folder", ["/usr", "/usr/bin", "/usr/lib", "/proc", "/sys"])
            def test_system_folders_are_read_only(folder):
                with pytest.raises(OSError):
                    with open(os.path.join(folder, MARKER), "w") as handle:
                        handle.write("escaped")

            def test_tmp_is_private_and_parent_is_not_the_host():
                for path in ["/tmp/" + MARKER, "../" + MARKER, "/var/tmp/" + MARKER, "/root/" + MARKER]:
                    try:
                        with open(path, "w") as handle:
                            handle.write("escaped")
                    except OSError:
                        pass
            """;

        var result = await _sandbox.VerifyAsync(Requests.Python(test));

        Assert.True(result.Verified, Describe(result));
        Assert.Equal(6, result.Tests.Passed);
        foreach (var folder in new[] { "/usr", "/usr/bin", "/usr/lib", Path.GetTempPath(), "/var/tmp", "/root", _sandbox.WorkRoot, "/" })
        {
            Assert.False(File.Exists(Path.Combine(folder, marker)), $"The sandbox wrote {marker} into the host's {folder}.");
        }
    }

    [Fact]
    public async Task FillingTmp_StopsAtItsSizeCapInsteadOfTheHostsMemory()
    {
        using var sandbox = SandboxHarness.Create(o => o.TmpSizeMb = 16);
        const string test = """
            import errno

            def test_fill_tmp():
                try:
                    with open("/tmp/fill", "wb") as handle:
                        for _ in range(40):
                            handle.write(b"x" * (1 << 20))
                            handle.flush()
                except OSError as error:
                    assert error.errno == errno.ENOSPC, error
                else:
                    raise AssertionError("wrote 40 MiB into a 16 MiB /tmp")
            """;

        var result = await sandbox.VerifyAsync(Requests.Python(test));

        Assert.True(result.Verified, Describe(result));
    }

    [Fact]
    public async Task ReadingHostSecrets_FindsNeitherEnvironmentNorRootFiles()
    {
        var secret = "fake-secret-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable("AGENTS_FAKE_SECRET", secret);
        var secretFile = Path.Combine(Path.GetTempPath(), "agents-fake-secret-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(secretFile, secret, TestContext.Current.CancellationToken);
        const string test = """
            import glob
            import os

            def read(path):
                try:
                    with open(path, "rb") as handle:
                        return handle.read()[:2000]
                except OSError as error:
                    return repr(error)

            def test_dump_everything_reachable():
                seen = ["ENV=" + repr(dict(os.environ))]
                for pattern in ["/root/*", "/root/.*", "/home/*", "/tmp/*", "/work*", "/etc/*"]:
                    seen.append(pattern + " -> " + repr(glob.glob(pattern)))
                for path in ["/proc/1/environ", "/proc/%d/environ" % os.getppid(), "/etc/shadow", "/root/.bash_history"]:
                    seen.append(path + " -> " + repr(read(path)))
                seen += [p + " -> " + repr(read(p)) for p in glob.glob("/tmp/agents-fake-secret-*")]
                assert False, "\n".join(seen)
            """;

        try
        {
            var result = await _sandbox.VerifyAsync(Requests.Python(test));

            var everything = JsonSerializer.Serialize(result, AgentsJsonContext.Default.VerificationResult);
            var dump = result.Tests.Failures.Single().Message;
            Assert.Contains("ENV=", dump, StringComparison.Ordinal);
            Assert.Contains("'PATH'", dump, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("AGENTS_FAKE_SECRET", everything, StringComparison.Ordinal);
            Assert.DoesNotContain("/root/.nuget", everything, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secretFile);
            Environment.SetEnvironmentVariable("AGENTS_FAKE_SECRET", null);
        }
    }

    [Fact]
    public async Task DeletingTheWorkspaceMidRun_IsContainedToItsOwnWorkspace()
    {
        const string deleter = """
            import os
            import shutil

            def test_delete_workspace():
                for entry in os.listdir("/workspace"):
                    path = os.path.join("/workspace", entry)
                    shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
                try:
                    os.rmdir("/workspace")
                except OSError:
                    pass
                assert not os.path.exists("/workspace/solution.py")
            """;
        var neighbour = Requests.Python("import time\nfrom solution import add\n\ndef test_add():\n    time.sleep(1)\n    assert add(1, 2) == 3\n");

        var results = await Task.WhenAll(_sandbox.VerifyAsync(Requests.Python(deleter)), _sandbox.VerifyAsync(neighbour));

        Assert.NotNull(results[0].Checkpoint(CheckpointNames.Tests).Proof);
        Assert.True(results[1].Verified, "A verification running beside the deleter was harmed: " + Describe(results[1]));
        Assert.Empty(_sandbox.LeftoverWorkspaces());
    }

    private static string Describe(VerificationResult result) =>
        JsonSerializer.Serialize(result, AgentsJsonContext.Default.VerificationResult);

    /// <summary>
    /// Processes still running as this harness's sandbox uids. The kernel tears a killed PID namespace down
    /// asynchronously, so this waits briefly for it before reporting what is left.
    /// </summary>
    private async Task<List<string>> SandboxProcessesAfterTeardownAsync()
    {
        List<string> left = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            left = [.. Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Where(d => OwnedBySandbox(d))];
            if (left.Count == 0)
            {
                break;
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        return left;
    }

    private bool OwnedBySandbox(string procDirectory)
    {
        try
        {
            var uidLine = File.ReadLines(Path.Combine(procDirectory, "status")).FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            var uid = uidLine is null ? -1 : int.Parse(uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            return uid >= _sandbox.UidBase && uid < _sandbox.UidBase + 2;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
