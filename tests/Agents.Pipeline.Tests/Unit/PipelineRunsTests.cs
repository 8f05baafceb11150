using System.Text.Json;
using Agents.Contracts;
using Agents.Pipeline.Activities;
using Agents.Pipeline.Events;
using Agents.Pipeline.Hosting;
using Agents.Pipeline.Storage;
using Agents.Pipeline.Workflows;
using Agents.Testing;
using Agents.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Agents.Pipeline.Tests.Unit;

/// <summary>
/// Reading a run: its state from the runtime (in-memory journal), its plan, code, tests and verification from the file
/// artifact store. A stand-in workflow under the pipeline's name holds the snapshot, so each case controls whether the run
/// has finished.
/// </summary>
public sealed class PipelineRunsTests : IAsyncDisposable
{
    private const string RunId = "run1";
    private const string FinishEvent = "finish";

    private readonly string _data = TempDirectories.Create("agents-pipeline-runs-");
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;

    public PipelineRunsTests()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddAgentsWorkflows(o =>
        {
            o.UseInMemoryJournal();
            // Shows the snapshot while it waits, and ends with it once told to.
            o.RegisterWorkflow<PipelineSnapshot, PipelineSnapshot>(nameof(FullSdlcWorkflow), async (context, snapshot) =>
            {
                context.SetCustomStatus(snapshot);
                await context.WaitForExternalEventAsync<bool>(FinishEvent);
                return snapshot with { Status = PipelineStatuses.Completed };
            });
        });
        _services = collection.BuildServiceProvider();
        _hosted = [.. _services.GetServices<IHostedService>()];
        Store = new FileArtifactStore(_data);
        Runs = new PipelineRuns(
            Client, Store, new EmbeddedPipelineEvents(new FilePipelineEventStore(_data), TimeProvider.System), new PipelineRuntime(),
            Options.Create(new PipelineOptions { DataDirectory = _data }), TimeProvider.System);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IWorkflowClient Client => _services.GetRequiredService<IWorkflowClient>();

    private FileArtifactStore Store { get; }

    private PipelineRuns Runs { get; }

    [Fact]
    public async Task GetAsync_FinishedRun_KeepsAnsweringFromTheFirstReadWhenItsArtifactsAreGone()
    {
        await StartRunAsync();
        await Client.RaiseEventAsync(RunId, FinishEvent, true, Ct);
        await Client.WaitForWorkflowCompletionAsync(RunId, cancellation: Ct);
        var first = await Runs.GetAsync(RunId, Ct);

        Directory.Delete(Path.Combine(_data, "artifacts"), recursive: true);
        var again = await Runs.GetAsync(RunId, Ct);

        Assert.Equal(PipelineStatuses.Completed, first?.Status);
        Assert.Equal("calc.py", Assert.Single(first!.Files).Path);
        Assert.Equal(Json(first), Json(again));
    }

    [Fact]
    public async Task GetAsync_UnfinishedRun_ReadsItsArtifactsEveryTime()
    {
        await StartRunAsync();
        var first = await Runs.GetAsync(RunId, Ct);

        Directory.Delete(Path.Combine(_data, "artifacts"), recursive: true);
        var again = await Runs.GetAsync(RunId, Ct);

        Assert.Equal("calc.py", Assert.Single(first!.Files).Path);
        Assert.Equal(PipelineStatuses.Running, again?.Status);
        Assert.Empty(again!.Files);
        Assert.Null(again.Plan);
    }

    [Fact]
    public async Task GetAsync_FinishedRunWithAMissingArtifact_IsReadAgainNextTime()
    {
        await StartRunAsync(storeCode: false);
        await Client.RaiseEventAsync(RunId, FinishEvent, true, Ct);
        await Client.WaitForWorkflowCompletionAsync(RunId, cancellation: Ct);
        var first = await Runs.GetAsync(RunId, Ct);

        await Store.PutAsync(Key("code"), new LlmArtifact<FilesView>(new([new SourceFile("calc.py", "def add(a, b):\n    return a + b\n")], []), "coder", UsageTotals.Zero), Ct);
        var again = await Runs.GetAsync(RunId, Ct);

        Assert.Empty(first!.Files);
        Assert.Equal("calc.py", Assert.Single(again!.Files).Path);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None);
        }
        Runs.Dispose();
        await _services.DisposeAsync();
    }

    private static string Key(string step) => ArtifactKeys.For(RunId, step, 1);

    private static string Json(PipelineRun? run) => JsonSerializer.Serialize(run, AgentsJsonContext.Default.PipelineRun!);

    /// <summary>Stores a plan, tests, code (unless told not to) and one verification, and starts the run pointing at them.</summary>
    private async Task StartRunAsync(bool storeCode = true)
    {
        foreach (var hosted in _hosted)
        {
            await hosted.StartAsync(Ct);
        }
        await Store.PutAsync(Key("plan"), new LlmArtifact<PipelinePlan>(
            new PipelinePlan("add two numbers", [new PlannedFile("calc.py", "add")], [], "small integers", ["write add"]), "planner", UsageTotals.Zero), Ct);
        await Store.PutAsync(Key("tests"), new LlmArtifact<TestDesign>(
            new TestDesign([new SourceFile("test_calc.py", "from calc import add\n")]), "testDesigner", UsageTotals.Zero), Ct);
        if (storeCode)
        {
            await Store.PutAsync(Key("code"), new LlmArtifact<FilesView>(new([new SourceFile("calc.py", "def add(a, b):\n    return a + b\n")], []), "coder", UsageTotals.Zero), Ct);
        }
        await Store.PutAsync(Key("verify"), new VerificationResult(true, 1, [], new TestSummary(1, 0, 0, 0, []), "bubblewrap"), Ct);
        var snapshot = PipelineSnapshot.Start with
        {
            Step = PipelineSteps.Verify,
            Iteration = 1,
            PlanKey = Key("plan"),
            TestsKey = Key("tests"),
            FilesKey = Key("code"),
            Iterations = [new PipelineIteration(1, RepairResolutions.FirstCode, Key("code"), Key("tests"), Key("verify"), true, 1, 1, 0, [])],
        };
        await Client.ScheduleNewWorkflowAsync(nameof(FullSdlcWorkflow), RunId, snapshot, cancellation: Ct);
        await Client.WaitForWorkflowStartAsync(RunId, cancellation: Ct);
    }
}
