using Agents.Workflows.Backend;
using Agents.Workflows.Tests;
using Dapr.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agents.SdkWorkflows.Tests;

/// <summary>
/// The embedded backend on Kestrel (loopback HTTP/2, random port and token) and a host running the real
/// Dapr.Workflow SDK (<c>AddDaprWorkflow</c> worker + <see cref="DaprWorkflowClient"/>) pointed at it through
/// the SDK's own settings, DAPR_GRPC_ENDPOINT and DAPR_API_TOKEN.
/// </summary>
internal sealed class SdkTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly bool _ownsHub;

    private SdkTestHost(EmbeddedTaskHub hub, IHost host, bool ownsHub)
    {
        Hub = hub;
        _host = host;
        _ownsHub = ownsHub;
    }

    public EmbeddedTaskHub Hub { get; }

    public DaprWorkflowClient Client => _host.Services.GetRequiredService<DaprWorkflowClient>();

    public ActivityRuns Runs => _host.Services.GetRequiredService<ActivityRuns>();

    public ActivityGate Gate => _host.Services.GetRequiredService<ActivityGate>();

    /// <summary>Stops the worker (its GetWorkItems stream ends) but keeps the backend.</summary>
    public Task StopWorkerAsync() => _host.StopAsync(TestContext.Current.CancellationToken);

    /// <summary>
    /// Everything the tests register. <paramref name="apiToken"/> replaces the token the SDK sends; with
    /// <paramref name="hub"/> the worker joins that backend (which it then does not stop) instead of a new one.
    /// </summary>
    public static async Task<SdkTestHost> StartAsync(string? apiToken = null, EmbeddedTaskHub? hub = null,
        Action<IServiceCollection>? services = null, string? journalDirectory = null, string? postgres = null)
    {
        var ownsHub = hub is null;
        hub ??= await StartHubAsync(journalDirectory, postgres);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>(hub.SdkSettings);
        if (apiToken is not null)
        {
            settings["DAPR_API_TOKEN"] = apiToken;
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(new TestOutputLoggerProvider());
        builder.Services.AddSingleton<ActivityRuns>();
        builder.Services.AddSingleton<ActivityGate>();
        services?.Invoke(builder.Services);
        builder.Services.AddDaprWorkflow(options =>
        {
            options.RegisterWorkflow<ChainWorkflow>();
            options.RegisterWorkflow<FanOutWorkflow>();
            options.RegisterWorkflow<RetryWorkflow>();
            options.RegisterWorkflow<TimerWorkflow>();
            options.RegisterWorkflow<ApprovalWorkflow>();
            options.RegisterWorkflow<ParentWorkflow>();
            options.RegisterWorkflow<WaitingParentWorkflow>();
            options.RegisterWorkflow<CounterWorkflow>();
            options.RegisterWorkflow<StatusWorkflow>();
            options.RegisterWorkflow<SenderWorkflow>();
            options.RegisterWorkflow<FailureWorkflow>();
            options.RegisterWorkflow<MissingActivityWorkflow>();
            options.RegisterActivity<AddOneActivity>();
            options.RegisterActivity<SquareActivity>();
            options.RegisterActivity<FlakyActivity>();
            options.RegisterActivity<ThrowingActivity>();
            options.RegisterActivity<GatedActivity>();
            options.RegisterWorkflow<GatedWorkflow>();
        });
        var host = builder.Build();
        await host.StartAsync();
        return new SdkTestHost(hub, host, ownsHub);
    }

    /// <summary>A backend in memory, on the file store in <paramref name="journalDirectory"/>, or on PostgreSQL.</summary>
    public static Task<EmbeddedTaskHub> StartHubAsync(string? journalDirectory, string? postgres = null,
        Action<TaskHubBackendOptions>? configure = null, Action<IServiceCollection>? hubServices = null) =>
        EmbeddedTaskHub.StartAsync(
            options =>
            {
                options.JournalDirectory = journalDirectory;
                options.PostgresConnectionString = postgres;
                configure?.Invoke(options);
            },
            services =>
            {
                services.AddLogging(logging => logging.AddProvider(new TestOutputLoggerProvider()));
                hubServices?.Invoke(services);
            },
            TestContext.Current.CancellationToken);

    /// <summary>Waits for the instance to finish, bounded so a backend bug fails the test instead of hanging the run.</summary>
    public async Task<WorkflowState> CompletionAsync(string instanceId)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        return await Client.WaitForWorkflowCompletionAsync(instanceId, getInputsAndOutputs: true, limit.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_ownsHub)
        {
            await Hub.DisposeAsync();
        }
    }
}
