using System.Diagnostics;
using System.Globalization;
using Agents.Testing;
using Agents.Workflows.Backend;
using Dapr.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agents.Benchmarks;

/// <summary>
/// Activity throughput through the real Dapr.Workflow SDK (worker and client) and the embedded gRPC backend on
/// loopback: many instances, each a fan-out of five activities then a chain of five. The overhead per activity
/// is measured against calling the same activity code directly in the same run. Options: <c>--instances N</c>
/// (default 1000), <c>--journal memory|file|postgres</c> (default all; file: every change fsynced before it is
/// answered; postgres: AGENTS_TEST_POSTGRES, or a throw-away local cluster, which runs with fsync off like the tests).
/// </summary>
internal sealed class WorkflowsBenchmark : IBenchmark
{
    private const int ActivitiesPerInstance = 10;

    public string Name => "workflows";

    public string Description => "activities per second through Dapr.Workflow and the embedded gRPC backend, and overhead per activity (us)";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var instances = WorkflowsBenchmarkOptions.Int(arguments, "--instances", 1000);
        var only = WorkflowsBenchmarkOptions.Text(arguments, "--journal");
        var direct = MeasureDirect(instances * ActivitiesPerInstance);
        foreach (var journal in new[] { "memory", "file", "postgres" }.Where(j => only is null || j == only))
        {
            var directory = journal == "file" ? Directory.CreateTempSubdirectory("agents-taskhub-bench-").FullName : null;
            await using var postgres = journal == "postgres" ? new PostgresFixture() : null;
            string? database = null;
            if (postgres is not null)
            {
                await postgres.InitializeAsync();
                database = await postgres.CreateDatabaseAsync("taskhubbench");
            }
            try
            {
                await using var hub = await EmbeddedTaskHub.StartAsync(o =>
                {
                    o.JournalDirectory = directory;
                    o.PostgresConnectionString = database;
                }, cancellationToken: cancellationToken);
                using var host = await StartWorkerAsync(hub, cancellationToken);
                var client = host.Services.GetRequiredService<DaprWorkflowClient>();
                await RunCaseAsync(client, Math.Max(20, instances / 20), cancellationToken); // warm-up: JIT, connections
                var elapsed = await RunCaseAsync(client, instances, cancellationToken);
                var activities = instances * ActivitiesPerInstance;
                var perActivityUs = elapsed.TotalMilliseconds * 1000 / activities;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"workflows journal={journal} instances={instances} activities_per_s={activities / elapsed.TotalSeconds:F0} overhead_us_per_activity={perActivityUs - direct:F1}"));
                await host.StopAsync(cancellationToken);
            }
            finally
            {
                if (directory is not null)
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }
        return 0;
    }

    private static async Task<IHost> StartWorkerAsync(EmbeddedTaskHub hub, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(hub.SdkSettings);
        builder.Services.AddDaprWorkflow(options =>
        {
            options.RegisterWorkflow<SdkBenchmarkWorkflow>();
            options.RegisterActivity<SdkBenchmarkActivity>();
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>Microseconds per direct call of the activity code (no SDK, no backend).</summary>
    private static double MeasureDirect(int calls)
    {
        var activity = new SdkBenchmarkActivity();
        var sum = 0L;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            sum += activity.RunAsync(null!, i).GetAwaiter().GetResult();
        }
        watch.Stop();
        GC.KeepAlive(sum);
        return watch.Elapsed.TotalMilliseconds * 1000 / calls;
    }

    private static async Task<TimeSpan> RunCaseAsync(DaprWorkflowClient client, int instances, CancellationToken cancellationToken)
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var watch = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, instances).Select(i =>
            client.ScheduleNewWorkflowAsync(nameof(SdkBenchmarkWorkflow), $"{prefix}-{i}", i, null, cancellationToken)));
        var states = await Task.WhenAll(ids.Select(id =>
            client.WaitForWorkflowCompletionAsync(id, getInputsAndOutputs: false, cancellation: cancellationToken)));
        watch.Stop();
        var failed = states.Count(s => s.RuntimeStatus != WorkflowRuntimeStatus.Completed);
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} benchmark workflows did not complete.");
        }
        return watch.Elapsed;
    }
}
