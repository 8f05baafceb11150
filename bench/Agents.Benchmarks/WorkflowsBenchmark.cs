using System.Diagnostics;
using System.Globalization;
using Agents.Testing;
using Agents.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agents.Benchmarks;

/// <summary>
/// Activity throughput of the embedded workflow runtime per journal: many instances, each a fan-out of five
/// activities then a chain of five, all durable. The overhead per activity is measured against calling the
/// same activity code directly in the same run. PostgreSQL: AGENTS_TEST_POSTGRES, or a throw-away local
/// cluster (which runs with fsync off, like the tests). Options: <c>--instances N</c> (default 1000),
/// <c>--journal memory|file|postgres</c> (default all).
/// </summary>
internal sealed class WorkflowsBenchmark : IBenchmark
{
    private const int ActivitiesPerInstance = 10;

    public string Name => "workflows";

    public string Description => "activities per second per journal (memory, file, postgres) and engine overhead per activity (us)";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var instances = WorkflowsBenchmarkOptions.Int(arguments, "--instances", 1000);
        var only = WorkflowsBenchmarkOptions.Text(arguments, "--journal");
        var direct = MeasureDirect(instances * ActivitiesPerInstance);
        foreach (var journal in new[] { "memory", "file", "postgres" }.Where(j => only is null || j == only))
        {
            await using var location = await WorkflowsBenchmarkJournal.CreateAsync(journal);
            await RunCaseAsync(location, Math.Max(20, instances / 20), cancellationToken); // warm-up: JIT, pools, tables
            var elapsed = await RunCaseAsync(location, instances, cancellationToken);
            var activities = instances * ActivitiesPerInstance;
            var perActivityUs = elapsed.TotalMilliseconds * 1000 / activities;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"workflows journal={journal} instances={instances} activities_per_s={activities / elapsed.TotalSeconds:F0} overhead_us_per_activity={perActivityUs - direct:F1}"));
        }
        return 0;
    }

    /// <summary>Microseconds per direct call of the activity code (no engine).</summary>
    private static double MeasureDirect(int calls)
    {
        var activity = new WorkflowsBenchmarkActivity();
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

    private static async Task<TimeSpan> RunCaseAsync(WorkflowsBenchmarkJournal journal, int instances, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddAgentsWorkflows(o =>
        {
            journal.Configure(o);
            o.RegisterWorkflow<WorkflowsBenchmarkWorkflow>();
            o.RegisterActivity<WorkflowsBenchmarkActivity>();
        });
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var h in hosted)
        {
            await h.StartAsync(cancellationToken);
        }
        var client = provider.GetRequiredService<IWorkflowClient>();
        var prefix = Guid.NewGuid().ToString("N")[..8];

        var watch = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, instances).Select(i =>
            client.ScheduleNewWorkflowAsync(nameof(WorkflowsBenchmarkWorkflow), $"{prefix}-{i}", i, cancellation: cancellationToken)));
        var states = await Task.WhenAll(ids.Select(id => client.WaitForWorkflowCompletionAsync(id, getInputsAndOutputs: false, cancellation: cancellationToken)));
        watch.Stop();

        var failed = states.Count(s => s.RuntimeStatus != WorkflowRuntimeStatus.Completed);
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} benchmark workflows did not complete.");
        }
        foreach (var h in hosted)
        {
            await h.StopAsync(cancellationToken);
        }
        return watch.Elapsed;
    }
}
