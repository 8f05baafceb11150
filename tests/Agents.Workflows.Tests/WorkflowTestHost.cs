using Agents.Testing;
using Agents.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agents.Workflows.Tests;

/// <summary>The runtime as a host runs it (DI + hosted service), on a chosen journal; restartable on the same journal.</summary>
internal sealed class WorkflowTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;

    private WorkflowTestHost(ServiceProvider services)
    {
        _services = services;
        _hosted = [.. services.GetServices<IHostedService>()];
        Client = services.GetRequiredService<IWorkflowClient>();
    }

    public IWorkflowClient Client { get; }

    internal WorkflowEngine Engine => _services.GetRequiredService<WorkflowEngine>();

    /// <summary>Where a journal of <paramref name="kind"/> lives: nothing, a fresh directory, or a fresh database.</summary>
    public static async Task<string> NewLocationAsync(JournalKind kind, PostgresFixture postgres) => kind switch
    {
        JournalKind.Memory => "",
        JournalKind.File => TempDirectories.Create("agents-wf-"),
        _ => await postgres.CreateDatabaseAsync("wf"),
    };

    public static async Task<WorkflowTestHost> StartAsync(JournalKind kind, string location, Action<WorkflowRuntimeOptions> register, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.AddProvider(new TestOutputLoggerProvider()));
        if (time is not null)
        {
            collection.AddSingleton(time);
        }
        services?.Invoke(collection);
        collection.AddAgentsWorkflows(o =>
        {
            switch (kind)
            {
                case JournalKind.Memory:
                    o.UseInMemoryJournal();
                    break;
                case JournalKind.File:
                    o.UseFileJournal(location);
                    break;
                default:
                    o.UsePostgresJournal(location);
                    o.PollInterval = TimeSpan.FromMilliseconds(20);
                    break;
            }
            register(o);
        });
        var host = new WorkflowTestHost(collection.BuildServiceProvider());
        foreach (var hosted in host._hosted)
        {
            await hosted.StartAsync(TestContext.Current.CancellationToken);
        }
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None);
        }
        await _services.DisposeAsync();
    }

    /// <summary>Waits (on change notifications, no sleeping) until the instance's state satisfies <paramref name="done"/>.</summary>
    public async Task<WorkflowState> WaitForStateAsync(string instanceId, Func<WorkflowState, bool> done)
    {
        var watchers = Engine.Watchers;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var changed = watchers.NextChange(instanceId);
            var state = await Client.GetWorkflowStateAsync(instanceId, cancellation: timeout.Token);
            if (done(state))
            {
                return state;
            }
            await changed.WaitAsync(timeout.Token);
        }
    }

    public async Task<WorkflowState> CompleteAsync(string instanceId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        return await Client.WaitForWorkflowCompletionAsync(instanceId, cancellation: timeout.Token);
    }
}
