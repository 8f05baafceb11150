using System.Diagnostics;
using System.Text;

namespace Agents.Sandbox.Isolation;

/// <summary>
/// Starts one process with exactly the given environment, captures stdout and stderr up to a cap and kills the
/// whole process tree on timeout, on cancellation or when the output cap is exceeded.
/// </summary>
internal static class ProcessExecutor
{
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout,
        int maxOutputBytes,
        string display,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // The host's environment may hold secrets (API keys, connection strings): nothing is inherited.
        info.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var started = time.GetTimestamp();
        using var process = new Process { StartInfo = info };
        process.Start();
        process.StandardInput.Close();

        var output = new CappedOutput(maxOutputBytes);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);
        var stdout = PumpAsync(process.StandardOutput.BaseStream, output, stop);
        var stderr = PumpAsync(process.StandardError.BaseStream, output, stop);

        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).WaitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !output.Exceeded && !cancellationToken.IsCancellationRequested;
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var duration = time.GetElapsedTime(started);
        cancellationToken.ThrowIfCancellationRequested();
        var killed = timedOut || output.Exceeded;
        return new CommandResult(display, killed ? CommandResult.KilledExitCode : process.ExitCode, output.Text, duration, timedOut, output.Exceeded);
    }

    private static void KillTree(Process process)
    {
        try
        {
            // Killing bubblewrap ends the sandbox's PID namespace, and with it every process inside.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static async Task PumpAsync(Stream stream, CappedOutput output, CancellationTokenSource stop)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, stop.Token).ConfigureAwait(false)) > 0)
            {
                if (!output.Append(buffer.AsSpan(0, read)))
                {
                    // A flood of output would fill memory or the log; stop the command instead of draining it.
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
    }

    private sealed class CappedOutput(int maxBytes)
    {
        private readonly MemoryStream _bytes = new();
        private readonly Lock _gate = new();

        public bool Exceeded { get; private set; }

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
                }
            }
        }

        public bool Append(ReadOnlySpan<byte> data)
        {
            lock (_gate)
            {
                var room = maxBytes - (int)_bytes.Length;
                _bytes.Write(data[..Math.Min(room, data.Length)]);
                if (data.Length > room)
                {
                    Exceeded = true;
                }
                return !Exceeded;
            }
        }
    }
}
