using System.Threading.Channels;
using Agents.Workflows.Journal;
using Microsoft.Extensions.Logging;

namespace Agents.Workflows.Engine;

/// <summary>
/// Drives instances and activities: one loop leases instances with visible messages, runs their turns and
/// commits them as one batch; another leases activity tasks onto a bounded pool whose results are
/// committed in batches by a third. All loops sleep on a signal raised by journal changes (and, for a
/// shared journal, a short poll), never on a fixed sleep.
/// </summary>
internal sealed partial class WorkflowEngine : IAsyncDisposable
{
    private readonly WorkflowRuntimeOptions _options;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly AsyncSignal _workflowSignal = new();
    private readonly AsyncSignal _activitySignal = new();
    private readonly SemaphoreSlim _activitySlots;
    private readonly Channel<ActivityOutcome> _outcomes = Channel.CreateUnbounded<ActivityOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, WorkflowExecutor> _executors = new(StringComparer.Ordinal);
    private readonly Lock _startGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _initialized;
    private Task[] _loops = [];
    private int _runningActivities;
    private TaskCompletionSource? _activitiesDrained;

    public WorkflowEngine(WorkflowRuntimeOptions options, IServiceProvider services, TimeProvider time, ILoggerFactory loggers)
    {
        options.Validate();
        _options = options;
        _services = services;
        _time = time;
        _loggers = loggers;
        _log = loggers.CreateLogger("Agents.Workflows.Engine");
        Journal = options.JournalFactory!(services);
        Payloads = new PayloadSerializer(options.JsonSerializerOptions, options.MaxPayloadBytes);
        _activitySlots = new SemaphoreSlim(options.MaxConcurrentActivities, options.MaxConcurrentActivities);
        Journal.Changed += OnJournalChanged;
    }

    internal IWorkflowJournal Journal { get; }

    internal PayloadSerializer Payloads { get; }

    internal InstanceWatchers Watchers { get; } = new();

    internal TimeProvider Time => _time;

    internal TimeSpan PollInterval => _options.PollInterval;

    /// <summary>Opens the journal once (tables, log replay); clients call it too, so they work before the host starts.</summary>
    public Task EnsureInitializedAsync()
    {
        lock (_startGate)
        {
            return _initialized ??= Journal.InitializeAsync(_stopping.Token);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        _loops =
        [
            Task.Run(() => RunLoopAsync("workflow", WorkflowLoopAsync), CancellationToken.None),
            Task.Run(() => RunLoopAsync("activity", ActivityLoopAsync), CancellationToken.None),
            Task.Run(() => RunLoopAsync("completion", CompletionLoopAsync), CancellationToken.None),
        ];
        LogStarted(_log, _options.JournalKind);
    }

    /// <summary>Stops leasing work, lets running activities finish (until <paramref name="cancellationToken"/>), and commits their results.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        Task drained;
        lock (_startGate)
        {
            _activitiesDrained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Volatile.Read(ref _runningActivities) == 0)
            {
                _activitiesDrained.TrySetResult();
            }
            drained = _activitiesDrained.Task;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Unfinished activities run again after the next start (their tasks stay in the journal).
        }
        _outcomes.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        Journal.Changed -= OnJournalChanged;
        await Journal.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _activitySlots.Dispose();
    }

    private void OnJournalChanged(IReadOnlyCollection<string> instanceIds)
    {
        _workflowSignal.Set();
        _activitySignal.Set();
        Watchers.Notify(instanceIds);
    }

    private async Task RunLoopAsync(string name, Func<CancellationToken, Task> loop)
    {
        var token = _stopping.Token;
        while (true)
        {
            try
            {
                await loop(token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A journal outage (database restart, full disk) must not kill the runtime: back off and retry.
                LogLoopFailed(_log, ex, name);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private TimeSpan? SleepTime()
    {
        TimeSpan? sleep = Journal.IsShared ? _options.PollInterval : null;
        if (Journal.NextDueTime is { } due)
        {
            var untilDue = due - _time.GetUtcNow();
            sleep = sleep is { } s && s < untilDue ? s : untilDue;
        }
        return sleep;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow runtime started (journal: {Journal}).")]
    private static partial void LogStarted(ILogger logger, string? journal);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow {Loop} loop failed; retrying.")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception, string loop);
}
