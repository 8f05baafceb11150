using System.Globalization;
using System.Text.Json;
using Agents.Workflows;
using Agents.Workflows.CrashHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The child process of the crash test: runs a fixed set of workflows until all complete or it is killed.
// usage: <file|postgres|sdk-file|sdk-postgres> <directory|connection string> <instances> <run number> <execution log path>
// (sdk-*: the real Dapr.Workflow SDK on the embedded gRPC backend instead of our engine)
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: Agents.Workflows.CrashHost <file|postgres|sdk-file|sdk-postgres> <location> <instances> <run> <log>");
    return 2;
}
var (journal, location, instances, run, log) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args[4]);
if (journal.StartsWith("sdk-", StringComparison.Ordinal))
{
    return await Agents.SdkCrashHost.SdkCrashRun.RunAsync(journal[4..], location, instances, run, log);
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(new ExecutionLog(log, run));
builder.Services.AddAgentsWorkflows(o =>
{
    if (journal == "file")
    {
        o.UseFileJournal(location);
    }
    else
    {
        o.UsePostgresJournal(location);
        // Short leases: the next run must take over what the killed one held without a long wait.
        o.LeaseDuration = TimeSpan.FromSeconds(2);
        o.PollInterval = TimeSpan.FromMilliseconds(20);
    }
    o.MaxConcurrentActivities = 8;
    o.RegisterWorkflow<CrashWorkflow>();
    o.RegisterActivity<StepActivity>();
});
using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<IWorkflowClient>();

var ids = Enumerable.Range(0, instances).Select(i => $"crash-{i}").ToList();
for (var i = 0; i < instances; i++)
{
    if (!(await client.GetWorkflowStateAsync(ids[i])).Exists)
    {
        await client.ScheduleNewWorkflowAsync(nameof(CrashWorkflow), ids[i], i);
    }
    // Raised on every run: a duplicate is only buffered, and a finished instance ignores it.
    await client.RaiseEventAsync(ids[i], "go", run);
}

var results = new Dictionary<string, CrashResult>();
foreach (var id in ids)
{
    var state = await client.WaitForWorkflowCompletionAsync(id);
    results[id] = new CrashResult(state.RuntimeStatus.ToString(), state.ReadOutputAs<CrashOutput>(), state.FailureDetails?.ErrorMessage);
}
await File.WriteAllTextAsync(log + ".results.json", JsonSerializer.Serialize(results));
Console.WriteLine("ALL DONE");
await host.StopAsync();
return 0;
