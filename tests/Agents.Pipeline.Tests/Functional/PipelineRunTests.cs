using System.Net.Http.Json;
using Agents.Contracts;
using Agents.Testing.OpenAi;

namespace Agents.Pipeline.Tests.Functional;

/// <summary>Runs through the HTTP API, gateway as a real process, model scripted per schema.</summary>
public sealed class PipelineRunTests
{
    [Fact]
    public async Task Run_WhenFirstCodePasses_CompletesVerifiedWithProofAndUsage()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        Scripts.PassFirstTime(gateway.Llm);

        var id = await gateway.StartRunAsync();
        var run = await gateway.WaitForEndAsync(id);

        Assert.Equal(PipelineStatuses.Completed, run.Status);
        var iteration = Assert.Single(run.Iterations);
        Assert.True(iteration.Verified);
        Assert.Equal(RepairResolutions.FirstCode, iteration.Resolution);
        Assert.Equal([CheckpointNames.Syntax, CheckpointNames.Claims, CheckpointNames.Security, CheckpointNames.Tests], iteration.Checkpoints.Select(c => c.Name));
        Assert.All(iteration.Checkpoints, c => Assert.False(string.IsNullOrEmpty(c.Proof.Command)));
        Assert.Equal(2, iteration.Tests?.Passed);
        Assert.Equal("calc.py", Assert.Single(run.Files).Path);
        Assert.Equal("test_calc.py", Assert.Single(run.Tests).Path);
        Assert.Equal("add two numbers", run.Plan?.Summary);
        Assert.True(run.TrustScore > 0.5, $"trust {run.TrustScore}");
        Assert.Equal(3, run.Usage.Total.Requests);
        Assert.Equal(450, run.Usage.Total.InputTokens + run.Usage.Total.OutputTokens);
        Assert.Equal(["coder", "planner", "testDesigner"], run.Usage.ByRole.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["plan", "tests", "code"], gateway.Llm.Requests.Select(r => r.SchemaName));
        Assert.All(gateway.Llm.Requests, r => Assert.Equal("json_schema", r.ResponseFormatType));
        Assert.DoesNotContain(gateway.Llm.Requests.Single(r => r.SchemaName == "tests").Body, "return a + b", StringComparison.Ordinal);
        var listed = Assert.Single((await gateway.Http.GetFromJsonAsync("/api/workflow?pageSize=5", AgentsJsonContext.Default.PipelineRunPage, TestContext.Current.CancellationToken))!.Runs);
        Assert.Equal((id, PipelineStatuses.Completed, "python", Scripts.Requirements), (listed.Id, listed.Status, listed.Language, listed.Requirements));
    }

    [Fact]
    public async Task Run_WhenFirstCodeFailsAndRepairPasses_ShowsBothIterations()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        gateway.Llm.EnqueueForSchema("plan", Scripts.Plan());
        gateway.Llm.EnqueueForSchema("tests", Scripts.PythonTests());
        gateway.Llm.EnqueueForSchema("code", Scripts.PythonCode(correct: false));
        gateway.Llm.EnqueueForSchema("repair", Scripts.PythonRepair());

        var id = await gateway.StartRunAsync();
        var run = await gateway.WaitForEndAsync(id);

        Assert.Equal(PipelineStatuses.Completed, run.Status);
        Assert.Equal(2, run.Iterations.Count);
        Assert.False(run.Iterations[0].Verified);
        Assert.Contains(run.Iterations[0].Checkpoints, c => c.Name == CheckpointNames.Tests && !c.Passed);
        Assert.True(run.Iterations[1].Verified);
        Assert.Equal(RepairResolutions.CodeFixed, run.Iterations[1].Resolution);
        Assert.All(run.Iterations, i => Assert.Equal(4, i.Checkpoints.Count));
        Assert.Contains("a + b", Assert.Single(run.Files).Content, StringComparison.Ordinal);
        // The repair request carried the evidence: the failing test's name.
        Assert.Contains("test_add", gateway.Llm.Requests.Single(r => r.SchemaName == "repair").Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenTheCoderAddsAConftestThenAnswersHonestly_RefusesItAndCompletesVerified()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        gateway.Llm.EnqueueForSchema("plan", Scripts.Plan());
        gateway.Llm.EnqueueForSchema("tests", Scripts.PythonTests());
        gateway.Llm.EnqueueForSchema("code", Scripts.PythonCodeWithConftest());
        gateway.Llm.EnqueueForSchema("repair", Scripts.PythonRepair());

        var id = await gateway.StartRunAsync();
        var run = await gateway.WaitForEndAsync(id);

        Assert.Equal(PipelineStatuses.Completed, run.Status);
        Assert.Equal(2, run.Iterations.Count);
        var refused = run.Iterations[0];
        Assert.False(refused.Verified);
        Assert.Equal(0, refused.TrustScore);
        var finding = Assert.Single(refused.Checkpoints.Single(c => c.Name == CheckpointNames.Security).Findings);
        Assert.Equal(("conftest.py", "test-side-file", FindingSeverities.High), (finding.File, finding.Rule, finding.Severity));
        Assert.Contains("'conftest.py' configures how tests are collected, built or run", finding.Message, StringComparison.Ordinal);
        Assert.True(run.Iterations[1].Verified);
        Assert.Equal("calc.py", Assert.Single(run.Files).Path);
        // The refusal went back to the coder as evidence, naming the file and the rule.
        var repair = gateway.Llm.Requests.Single(r => r.SchemaName == "repair").Body;
        Assert.Contains("conftest.py:0 [test-side-file]", repair, StringComparison.Ordinal);
        Assert.Contains("only the user and the test designer may add or change tests", repair, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenTheCoderKeepsAConftest_NeverCompletes()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        gateway.Llm.EnqueueForSchema("plan", Scripts.Plan());
        gateway.Llm.EnqueueForSchema("tests", Scripts.PythonTests());
        // Wrong code that the conftest would report as passing, in every answer.
        gateway.Llm.EnqueueForSchema("code", Scripts.PythonCodeWithConftest(correct: false));
        gateway.Llm.EnqueueForSchema("repair", Scripts.PythonCodeWithConftest(correct: false));

        var run = await gateway.WaitForEndAsync(await gateway.StartRunAsync(maxIterations: 2));

        Assert.Equal(PipelineStatuses.Failed, run.Status);
        Assert.All(run.Iterations, i => Assert.False(i.Verified));
        Assert.Contains("refused: conftest.py", run.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenCodeNeverPasses_FailsAfterMaxIterations()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        gateway.Llm.EnqueueForSchema("plan", Scripts.Plan());
        gateway.Llm.EnqueueForSchema("tests", Scripts.PythonTests());
        gateway.Llm.EnqueueForSchema("code", Scripts.PythonCode(correct: false));
        gateway.Llm.EnqueueForSchema("repair", Scripts.PythonRepair(correct: false));

        var id = await gateway.StartRunAsync(maxIterations: 2);
        var events = await gateway.ReadEventsAsync(id, e => e.Type is "PipelineCompleted" or "PipelineFailed");
        var run = await gateway.GetRunAsync(id);

        Assert.Equal("PipelineFailed", events[^1].Type);
        Assert.Equal(PipelineStatuses.Failed, run.Status);
        Assert.Equal(2, run.Iterations.Count);
        Assert.All(run.Iterations, i => Assert.False(i.Verified));
        Assert.Contains("2 iteration", run.Reason, StringComparison.Ordinal);
        Assert.Equal(2, events.Count(e => e.Type == "IterationFailed"));
        Assert.Single(gateway.Llm.Requests, r => r.SchemaName == "repair");
    }

    [Fact]
    public async Task Run_WhenCoderDisputesAWrongTest_TestDesignerCorrectsItAndTheRunRecordsIt()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        gateway.Llm.EnqueueForSchema("plan", Scripts.Plan());
        gateway.Llm.EnqueueForSchema("tests", Scripts.PythonTests(expected: 6), Scripts.PythonCorrectedTests("test_add"));
        gateway.Llm.EnqueueForSchema("code", Scripts.PythonCode());
        gateway.Llm.EnqueueForSchema("repair", Scripts.PythonRepair(dispute: "test_add"));

        var id = await gateway.StartRunAsync();
        var run = await gateway.WaitForEndAsync(id);

        Assert.Equal(PipelineStatuses.Completed, run.Status);
        Assert.Equal(2, run.Iterations.Count);
        Assert.Equal(RepairResolutions.TestCorrected, run.Iterations[1].Resolution);
        var dispute = Assert.Single(run.Iterations[1].Disputes);
        Assert.True(dispute.Corrected);
        Assert.DoesNotContain("== 6", Assert.Single(run.Tests).Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenModelAnswersGarbage_FailsWithClearReason()
    {
        await using var gateway = await PipelineGateway.StartAsync();
        gateway.Llm.EnqueueForSchema("plan", ScriptedResponse.Text("I am not JSON at all"), ScriptedResponse.Text("{\"summary\": 3}"), ScriptedResponse.Text("still no"));

        var id = await gateway.StartRunAsync();
        var run = await gateway.WaitForEndAsync(id);

        Assert.Equal(PipelineStatuses.Failed, run.Status);
        Assert.Contains("'plan'", run.Reason, StringComparison.Ordinal);
        Assert.Contains("planner", run.Reason, StringComparison.Ordinal);
        Assert.Equal(3, gateway.Llm.Requests.Count);
        Assert.Empty(run.Iterations);
    }

    [Fact]
    public async Task Run_WhenNoModelIsReachable_FailsNamingTheProviderAndTheUnderlyingFailure()
    {
        // Nothing listens on port 1: every call is refused, and the provider's circuit opens.
        // The provider's own retries (its default) are what open its circuit, as for a user with no model running.
        await using var gateway = await PipelineGateway.StartAsync(extra: new Dictionary<string, string?> { ["Llm__Providers__scripted__Endpoint"] = "http://127.0.0.1:1/v1", ["Llm__Providers__scripted__MaxRetries"] = null });

        var id = await gateway.StartRunAsync();
        var run = await gateway.WaitForEndAsync(id);

        Assert.Equal(PipelineStatuses.Failed, run.Status);
        Assert.Contains("'scripted'", run.Reason, StringComparison.Ordinal);
        Assert.Contains("refused", run.Reason, StringComparison.OrdinalIgnoreCase);
        TestContext.Current.TestOutputHelper?.WriteLine($"reason: {run.Reason}");
    }

    [Fact]
    public async Task Run_InCSharp_CompletesWithDotnetTest()
    {
        var run = await RunFirstTimeAsync("csharp", "Calculator.cs", Scripts.CSharpTests(), Scripts.CSharpCode());

        Assert.True(run.Status == PipelineStatuses.Completed, run.Reason + string.Join("\n", run.Iterations.SelectMany(i => i.Checkpoints).Select(c => $"{c.Name} {c.Passed} {c.Proof.OutputExcerpt}")));
        Assert.Contains("dotnet", Assert.Single(run.Iterations).Checkpoints.Single(c => c.Name == CheckpointNames.Tests).Proof.Command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InJavaScript_Completes()
    {
        var run = await RunFirstTimeAsync("javascript", "calc.js", Scripts.JavaScriptTests(), Scripts.JavaScriptCode());

        Assert.True(run.Status == PipelineStatuses.Completed, run.Reason + string.Join("\n", run.Iterations.SelectMany(i => i.Checkpoints).Select(c => $"{c.Name} {c.Passed} {c.Proof.OutputExcerpt}")));
        Assert.Equal("javascript", run.Language);
    }

    /// <summary>A run in <paramref name="language"/> scripted with one plan, tests and code, to its end.</summary>
    private static async Task<PipelineRun> RunFirstTimeAsync(string language, string file, ScriptedResponse tests, ScriptedResponse code)
    {
        await using var gateway = await PipelineGateway.StartAsync();
        gateway.Llm.EnqueueForSchema("plan", Scripts.Plan(file: file));
        gateway.Llm.EnqueueForSchema("tests", tests);
        gateway.Llm.EnqueueForSchema("code", code);
        return await gateway.WaitForEndAsync(await gateway.StartRunAsync(language: language));
    }
}
