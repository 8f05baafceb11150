using System.Text.Json;
using Agents.Contracts;
using Agents.Pipeline.Activities;
using Agents.Pipeline.Events;
using Agents.Pipeline.Hosting;
using Agents.Pipeline.Storage;
using Agents.Pipeline.Workflows;
using Agents.Testing;
using Agents.Workflows.Backend;
using Dapr.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Agents.Pipeline.Tests.Unit;

/// <summary>
/// Reading a run: its state from the runtime (the real SDK on the embedded backend, in memory), its plan, code, tests and verification from the file
/// artifact store. A stand-in workflow under the pipeline's name holds the snapshot, so each case controls whether the run
/// has finished.
/// </summary>
public sealed class PipelineRunsTests : IAsyncDisposable
{
    private const string RunId = "run1";
    private const string FinishEvent = "finish";

    private readonly string _data = TempDirectories.Create("agents-pipeline-runs-");
    private EmbeddedTaskHub? _hub;
    private IHost? _host;
    private PipelineRuns? _runs;

    public PipelineRunsTests() => Store = new FileArtifactStore(_data);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DaprWorkflowClient Client => _host!.Services.GetRequiredService<DaprWorkflowClient>();

    private FileArtifactStore Store { get; }

    private PipelineRuns Runs => _runs!;

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
        _runs?.Dispose();
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    /// <summary>
    /// The embedded backend in memory and the real SDK worker, with a stand-in workflow under the pipeline's name that
    /// shows the snapshot while it waits and ends with it once told to.
    /// </summary>
    private async Task StartRuntimeAsync()
    {
        _hub = await EmbeddedTaskHub.StartAsync(cancellationToken: Ct);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(_hub.SdkSettings);
        builder.Services.AddDaprWorkflow(o => o.RegisterWorkflow<PipelineSnapshot, PipelineSnapshot>(nameof(FullSdlcWorkflow), async (context, snapshot) =>
        {
            context.SetCustomStatus(snapshot);
            await context.WaitForExternalEventAsync<bool>(FinishEvent);
            return snapshot with { Status = PipelineStatuses.Completed };
        }));
        _host = builder.Build();
        await _host.StartAsync(Ct);
        var runtime = new PipelineRuntime();
        runtime.MarkStarted();
        _runs = new PipelineRuns(
            new PipelineRuntimeClient(runtime, _host.Services), Store, new EmbeddedPipelineEvents(new FilePipelineEventStore(_data), TimeProvider.System), runtime,
            Options.Create(new PipelineOptions { DataDirectory = _data }), TimeProvider.System);
    }

    private static string Key(string step) => ArtifactKeys.For(RunId, step, 1);

    private static string Json(PipelineRun? run) => JsonSerializer.Serialize(run, AgentsJsonContext.Default.PipelineRun!);

    /// <summary>Stores a plan, tests, code (unless told not to) and one verification, and starts the run pointing at them.</summary>
    private async Task StartRunAsync(bool storeCode = true)
    {
        await StartRuntimeAsync();
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
        // The stand-in registered under the pipeline's name takes the snapshot, not the pipeline's input.
#pragma warning disable DAPR1303
        await Client.ScheduleNewWorkflowAsync(nameof(FullSdlcWorkflow), RunId, snapshot, startTime: null, cancellation: Ct);
#pragma warning restore DAPR1303
        await Client.WaitForWorkflowStartAsync(RunId, cancellation: Ct);
    }
}
