using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agents.Pipeline.Hosting;

/// <summary>
/// Starts the workflow runtime (which resumes every unfinished run) without holding up the host: an unreachable
/// database or a data folder used by another process disables pipelines and is reported, while health endpoints and
/// the other APIs keep working. With file storage it locks the data folder first, because two processes appending to
/// one journal would corrupt it and run the same activities twice.
/// </summary>
internal sealed partial class PipelineRuntimeHostedService(IReadOnlyList<IHostedService> inner, PipelineRuntime runtime, ILogger<PipelineRuntimeHostedService> log)
    : IHostedService, IDisposable
{
    private const string LockFileName = ".lock";

    private readonly CancellationTokenSource _stopping = new();
    private FileStream? _lock;
    private Task _started = Task.CompletedTask;
    private bool _running;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (runtime.DataDirectory is { } directory && !TryLock(directory))
        {
            return Task.CompletedTask;
        }
        _started = Task.Run(StartInnerAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Already stopped and disposed: a host run by RunAsync stops and disposes itself on shutdown, and a test
            // harness (WebApplicationFactory) may then stop it a second time.
            return;
        }
        await _started.ConfigureAwait(false);
        if (_running)
        {
            foreach (var service in inner.Reverse())
            {
                await service.StopAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        _lock?.Dispose();
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _lock?.Dispose();
    }

    private async Task StartInnerAsync()
    {
        try
        {
            foreach (var service in inner)
            {
                await service.StartAsync(_stopping.Token).ConfigureAwait(false);
            }
            _running = true;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            runtime.Disable($"The workflow runtime could not start: {ex.Message}");
            LogStartFailed(log, ex);
        }
    }

    private bool TryLock(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            // FileShare.None takes an exclusive lock the kernel drops when the process dies, even by SIGKILL.
            _lock = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            runtime.Disable($"The data folder '{directory}' is used by another process, so pipelines are disabled here; give this process its own Pipeline:DataDirectory.");
            LogFolderInUse(log, directory);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The workflow runtime could not start; pipelines are disabled in this process.")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data folder {Directory} is used by another process; pipelines are disabled in this process.")]
    private static partial void LogFolderInUse(ILogger logger, string directory);
}
