using System.Text.Json;
using Agents.Workflows.Backend;
using Agents.Workflows.CrashHost;
using Dapr.Workflow;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agents.SdkCrashHost;

/// <summary>
/// The crash host's SDK mode: the embedded backend on a durable store plus the real Dapr.Workflow worker and
/// client in this process, running the same workflows until all complete or the process is killed.
/// </summary>
internal static class SdkCrashRun
{
    public static async Task<int> RunAsync(string store, string location, int instances, string run, string log, string prefix, string[] others)
    {
        await using var hub = await EmbeddedTaskHub.StartAsync(options =>
        {
            if (store == "file")
            {
                options.JournalDirectory = location;
            }
            else
            {
                options.PostgresConnectionString = location;
                // One name per prefix: a restarted process takes its instances back at once; a dead one's are taken
                // over by a live process after its (short) lease.
                options.OwnerName = $"crash-{prefix}";
                options.LeaseSeconds = 2;
                options.SharedPollMilliseconds = 50;
            }
        });
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(hub.SdkSettings);
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(new ExecutionLog(log, run));
        builder.Services.AddDaprWorkflow(options =>
        {
            options.RegisterWorkflow<SdkCrashWorkflow>();
            options.RegisterActivity<SdkStepActivity>();
        });
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DaprWorkflowClient>();

        var ids = Enumerable.Range(0, instances).Select(i => $"{prefix}-{i}").ToList();
        var theirs = others.SelectMany(other => Enumerable.Range(0, instances).Select(i => $"{other}-{i}")).ToList();
        // Its own workflows, then the other processes': those it finds are run there (the event reaches them through
        // the shared store); those their process did not get to start (it died first) it starts itself.
        var inputs = ids.Select((id, i) => (id, i)).Concat(theirs.Select((id, i) => (id, i % instances))).ToList();
        foreach (var (id, i) in inputs)
        {
            await StartAndRaiseAsync(client, id, i, run);
        }

        var results = new Dictionary<string, CrashResult>();
        foreach (var (id, i) in inputs)
        {
            WorkflowState state;
            while (true)
            {
                try
                {
                    state = await client.WaitForWorkflowCompletionAsync(id);
                    break;
                }
                catch (InvalidOperationException)
                {
                    if ((await client.GetWorkflowStateAsync(id)).Exists)
                    {
                        throw;
                    }
                    // Its process claimed the id and died before the start was durable: the start never happened
                    // (the survivor freed the claim when it took over), so it is started here.
                }
                await StartAndRaiseAsync(client, id, i, run);
            }
            results[id] = new CrashResult(state.RuntimeStatus.ToString(), state.ReadOutputAs<CrashOutput>(), state.FailureDetails?.ErrorMessage);
        }
        await File.WriteAllTextAsync(log + ".results.json", JsonSerializer.Serialize(results));
        Console.WriteLine("ALL DONE");
        await host.StopAsync();
        return 0;
    }

    /// <summary>
    /// Starts the workflow unless it exists, then raises its event. Those of other processes are found there (the event
    /// reaches them through the shared store); those their process did not get to start (it died first) start here.
    /// </summary>
    private static async Task StartAndRaiseAsync(DaprWorkflowClient client, string id, int input, string run)
    {
        if (!(await client.GetWorkflowStateAsync(id)).Exists)
        {
            try
            {
                await client.ScheduleNewWorkflowAsync(nameof(SdkCrashWorkflow), id, input);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
            {
                // Another process started it meanwhile.
            }
        }
        try
        {
            // Raised on every run: a duplicate is only buffered by the workflow.
            await client.RaiseEventAsync(id, "go", run);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            // Finished in an earlier run: it takes no more events.
        }
    }
}
