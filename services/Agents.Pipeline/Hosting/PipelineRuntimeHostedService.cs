using Agents.Workflows.Backend;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agents.Pipeline.Hosting;

/// <summary>
/// Starts the workflow runtime without holding up the host: the embedded durable-task backend (unless a Dapr sidecar
/// is the backend), then the Dapr.Workflow SDK's worker pointed at it. An unreachable database or a data folder used
/// by another process disables pipelines and is reported, while health endpoints and the other APIs keep working.
/// With file storage it locks the data folder first, because two processes appending to one journal would corrupt it
/// and run the same activities twice.
/// </summary>
/// <param name="sdkServices">The SDK's hosted services, created only after the backend is up (they read its address when built).</param>
/// <param name="configureBackend">The embedded backend's store; null when a Dapr sidecar is the backend.</param>
internal sealed partial class PipelineRuntimeHostedService(
    IServiceProvider services,
    IReadOnlyList<ServiceDescriptor> sdkServices,
    Action<IServiceProvider, TaskHubBackendOptions>? configureBackend,
    SdkEndpointSettings sdkSettings,
    PipelineRuntime runtime,
    ILogger<PipelineRuntimeHostedService> log)
    : IHostedService, IDisposable
{
    private const string LockFileName = ".lock";

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IHostedService> _started = [];
    private FileStream? _lock;
    private EmbeddedTaskHub? _hub;
    private Task _starting = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (runtime.DataDirectory is { } directory && !TryLock(directory))
        {
            return Task.CompletedTask;
        }
        _starting = Task.Run(StartInnerAsync, CancellationToken.None);
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
        await _starting.ConfigureAwait(false);
        // The worker first, so it does not reconnect to a backend that is going away, and without waiting for its work
        // items: an activity may run for minutes (a test run, an LLM call), and whatever it would report can no longer
        // be sent once the worker has stopped; the backend hands the work out again after the restart. Only then are
        // the activities told to stop, so one that gives up is not recorded as failed.
        using (var now = new CancellationTokenSource())
        {
            await now.CancelAsync().ConfigureAwait(false);
            foreach (var service in Enumerable.Reverse(_started))
            {
                await service.StopAsync(now.Token).ConfigureAwait(false);
            }
        }
        runtime.Stop();
        try
        {
            // Returns in moments: what they run (a test run in the sandbox) is killed on the signal.
            await runtime.WhenActivitiesStoppedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout: exit anyway, the backend re-runs them after the restart.
        }
        if (_hub is not null)
        {
            await _hub.DisposeAsync().ConfigureAwait(false);
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
            if (configureBackend is not null)
            {
                var time = services.GetRequiredService<TimeProvider>();
                var providers = services.GetServices<ILoggerProvider>().ToList();
                _hub = await EmbeddedTaskHub.StartAsync(
                    options => configureBackend(services, options),
                    hub =>
                    {
                        hub.AddSingleton(time);
                        // The backend's own logs go where the host's go. Not its server's: a second "Now listening on"
                        // line would announce the backend's private port as if it were the host's.
                        hub.AddLogging(logging =>
                        {
                            providers.ForEach(provider => logging.AddProvider(provider));
                            logging.AddFilter((category, _) => category?.StartsWith("Agents.", StringComparison.Ordinal) == true);
                        });
                    },
                    _stopping.Token).ConfigureAwait(false);
                sdkSettings.Publish(_hub.SdkSettings);
                runtime.Backend = _hub;
            }
            foreach (var descriptor in sdkServices)
            {
                var service = Create(descriptor);
                await service.StartAsync(_stopping.Token).ConfigureAwait(false);
                _started.Add(service);
            }
            runtime.MarkStarted();
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

    private IHostedService Create(ServiceDescriptor descriptor) =>
        (IHostedService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));



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
