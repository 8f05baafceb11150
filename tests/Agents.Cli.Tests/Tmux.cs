using System.Diagnostics;

namespace Agents.Cli.Tests;

/// <summary>A private tmux server (its own socket) running one command in a real terminal, for tests of the live display.</summary>
internal sealed class Tmux : IAsyncDisposable
{
    private readonly string _socket = "agents-test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The wait-for channel the command signals when it has exited (after printing <c>exit=N</c>).</summary>
    public string Done { get; } = "done-" + Guid.NewGuid().ToString("N")[..8];

    public static bool IsInstalled => File.Exists("/usr/bin/tmux");

    /// <summary>Starts <paramref name="command"/> (a shell command line) in a 120×40 terminal; the pane stays open after it ends.</summary>
    public async Task StartAsync(string command)
    {
        var wrapped = $"{command}; echo \"exit=$?\"; tmux -L {_socket} wait-for -S {Done}; read _";
        await RunAsync("new-session", "-d", "-s", "cli", "-x", "120", "-y", "40", wrapped);
    }

    public Task SendKeysAsync(params string[] keys) => RunAsync(["send-keys", "-t", "cli", .. keys]);

    /// <summary>Completes when the command has exited.</summary>
    public Task WaitForExitAsync() => RunAsync("wait-for", Done);

    public Task<string> ScreenAsync() => RunAsync("capture-pane", "-p", "-t", "cli");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task<string> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Cli.Timeout);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed: {await error}");
    }
}
