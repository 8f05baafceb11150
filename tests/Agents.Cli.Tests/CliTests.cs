using System.Net.Http.Json;
using System.Text.Json;
using Agents.Contracts;
using Agents.Testing;
using Agents.Testing.OpenAi;

namespace Agents.Cli.Tests;

/// <summary>The real `agents` binary against a real gateway process with a scripted model and the real sandbox.</summary>
public sealed class CliTests
{
    private const string CorrectCode = "def add(a, b):\n    return a + b\n";
    private const string WrongCode = "def add(a, b):\n    return a - b\n";
    private const string Tests = "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n";

    [Fact]
    public async Task Run_ShowsEachStepAndTheTrustScore_WritesTheFiles_ExitsZero()
    {
        await using var gateway = await CliGateway.StartAsync();
        PipelineScripts.PassFirstTime(gateway.Llm);
        var output = TempDirectories.Create("agents-cli-out-");

        var (exitCode, text) = await Cli.RunAsync(["run", PipelineScripts.Requirements, "--lang", "python", "--gateway", gateway.Url, "--out", output]);

        Assert.True(exitCode == 0, text);
        foreach (var step in new[] { PipelineSteps.Plan, PipelineSteps.Tests, PipelineSteps.Code, PipelineSteps.Verify })
        {
            Assert.Contains($"✓ {step}", text, StringComparison.Ordinal);
        }
        Assert.Contains("Completed after 1 iteration(s): trust 1.00", text, StringComparison.Ordinal);
        Assert.Equal(CorrectCode, await File.ReadAllTextAsync(Path.Combine(output, "calc.py"), TestContext.Current.CancellationToken));
        Assert.True(File.Exists(Path.Combine(output, "test_calc.py")));
        Assert.Contains($"Files written to {output}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithJson_PrintsEventsThenTheOutcome_AndAFailedRunExitsOne()
    {
        await using var gateway = await CliGateway.StartAsync();
        gateway.Llm.EnqueueForSchema("plan", Json(new { summary = "add", files = new[] { new { path = "calc.py", purpose = "add" } }, symbols = Array.Empty<object>(), testStrategy = "call it", steps = new[] { "write" } }));
        gateway.Llm.EnqueueForSchema("tests", Json(new { files = new[] { new { path = "test_calc.py", content = Tests } }, notes = "" }));
        gateway.Llm.EnqueueForSchema("code", Json(new { files = new[] { new { path = "calc.py", content = WrongCode } }, claims = Array.Empty<object>() }));

        var (exitCode, text) = await Cli.RunAsync(["run", PipelineScripts.Requirements, "--lang", "python", "--max-iterations", "1", "--json", "--gateway", gateway.Url, "--out", TempDirectories.Create("agents-cli-out-")]);

        Assert.True(exitCode == 1, text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("{\"type\":\"PipelineStarted\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("{\"type\":\"PipelineFailed\"", StringComparison.Ordinal));
        // The outcome is the last thing printed, one JSON object for scripts.
        using var outcome = JsonDocument.Parse(text[text.LastIndexOf("\n{\n", StringComparison.Ordinal)..]);
        Assert.Equal("Failed", outcome.RootElement.GetProperty("status").GetString());
        Assert.False(outcome.RootElement.GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task Verify_CorrectCodeExitsZero_WrongCodeExitsOneShowingTheFailingTest()
    {
        await using var gateway = await CliGateway.StartAsync();
        var good = Folder(("calc.py", CorrectCode));
        var bad = Folder(("calc.py", WrongCode));
        var tests = Folder(("test_calc.py", Tests));

        var (goodExit, goodText) = await Cli.RunAsync(["verify", good, "--tests", tests, "--lang", "python", "--gateway", gateway.Url]);
        var (badExit, badText) = await Cli.RunAsync(["verify", bad, "--tests", tests, "--lang", "python", "--gateway", gateway.Url, "--json"]);

        Assert.True(goodExit == 0, goodText);
        Assert.Contains("Tests: 1 passed, 0 failed", goodText, StringComparison.Ordinal);
        Assert.Contains("verified, trust", goodText, StringComparison.Ordinal);
        Assert.True(badExit == 1, badText);
        var result = JsonSerializer.Deserialize(badText, AgentsJsonContext.Default.VerificationResult)!;
        Assert.False(result.Verified);
        Assert.Equal(1, result.Tests.Failed);
    }

    [Fact]
    public async Task RunsShowTerminate_WorkOnARunWaitingForApproval()
    {
        await using var gateway = await CliGateway.StartAsync();
        PipelineScripts.PassFirstTime(gateway.Llm);
        using var start = await gateway.Process.Http.PostAsJsonAsync("/api/workflow/full-sdlc", new { requirements = PipelineScripts.Requirements, language = "python", approval = "plan" }, TestContext.Current.CancellationToken);
        var id = (await start.Content.ReadFromJsonAsync(AgentsJsonContext.Default.PipelineAccepted, TestContext.Current.CancellationToken))!.Id;

        var (listExit, list) = await Cli.RunAsync(["runs", "--json", "--gateway", gateway.Url]);
        var (terminateExit, terminated) = await Cli.RunAsync(["terminate", id, "--reason", "not today", "--gateway", gateway.Url]);
        var (showExit, shown) = await Cli.RunAsync(["show", id, "--json", "--gateway", gateway.Url]);
        var (unknownExit, unknown) = await Cli.RunAsync(["show", "no-such-run", "--gateway", gateway.Url]);

        Assert.True(listExit == 0, list);
        Assert.Contains(JsonSerializer.Deserialize(list, AgentsJsonContext.Default.PipelineRunPage)!.Runs, r => r.Id == id);
        Assert.True(terminateExit == 0, terminated);
        Assert.Contains($"Run {id} terminated.", terminated, StringComparison.Ordinal);
        Assert.Equal(1, showExit);
        Assert.Equal(PipelineStatuses.Terminated, JsonSerializer.Deserialize(shown, AgentsJsonContext.Default.PipelineRun)!.Status);
        Assert.Equal(1, unknownExit);
        Assert.Contains("There is no run 'no-such-run'", unknown, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", unknown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run x --lang cobol", "--lang must be one of")]
    [InlineData("run x", "--lang")]
    [InlineData("run x --lang python --max-iterations 99", "--max-iterations must be between")]
    [InlineData("show", "id")]
    [InlineData("config --key-env has-dash", "--key-env")]
    public async Task BadUsage_ExitsTwoNamingTheOption(string arguments, string named)
    {
        var (exitCode, text) = await Cli.RunAsync(arguments.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(named, text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoppedGateway_ExitsThreeWithOneLine()
    {
        await using var gateway = await CliGateway.StartAsync();
        var url = gateway.Url;
        await gateway.Process.DisposeAsync();

        var (exitCode, text) = await Cli.RunAsync(["runs", "--gateway", url]);

        Assert.Equal(3, exitCode);
        var line = Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"agents: Cannot reach the gateway at {url}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_StoresTheGatewayAndTheKeyVariableName_NeverAKey()
    {
        var profile = Path.Combine(TempDirectories.Create("agents-cli-config-"), "profile.json");
        var environment = new Dictionary<string, string?> { ["AGENTS_PROFILE"] = profile, ["MY_AGENTS_KEY"] = "sk-secret-value" };

        var (exitCode, text) = await Cli.RunAsync(["config", "--gateway", "http://agents.example:8080", "--key-env", "MY_AGENTS_KEY"], environment);
        var (_, refused) = await Cli.RunAsync(["runs"], environment);

        Assert.True(exitCode == 0, text);
        var saved = await File.ReadAllTextAsync(profile, TestContext.Current.CancellationToken);
        Assert.Contains("http://agents.example:8080", saved, StringComparison.Ordinal);
        Assert.Contains("MY_AGENTS_KEY", saved, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-value", saved, StringComparison.Ordinal);
        // The next command uses the stored gateway (unreachable here, so it says which one it tried).
        Assert.Contains("http://agents.example:8080", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_StreamsEachReply_AndSendsTheConversationSoFar()
    {
        await using var gateway = await CliGateway.StartAsync();
        gateway.Llm.Enqueue(ScriptedResponse.Text("Hello, I am scripted."), ScriptedResponse.Text("You said hi before."));

        var (exitCode, text) = await Cli.RunAsync(["chat", "--gateway", gateway.Url], input: "hi\nwhat did I say?\n");

        Assert.True(exitCode == 0, text);
        Assert.Contains("Hello, I am scripted.", text, StringComparison.Ordinal);
        Assert.Contains("You said hi before.", text, StringComparison.Ordinal);
        Assert.Equal(2, gateway.Llm.Requests.Count);
        Assert.Equal(["user", "assistant", "user"], gateway.Llm.Requests[1].Messages.Select(m => m.Role));
        Assert.All(gateway.Llm.Requests, r => Assert.True(r.Stream));
    }

    private static string Folder(params (string Path, string Content)[] files)
    {
        var folder = TempDirectories.Create("agents-cli-src-");
        foreach (var (path, content) in files)
        {
            File.WriteAllText(System.IO.Path.Combine(folder, path), content);
        }
        return folder;
    }

    private static ScriptedResponse Json(object value) => ScriptedResponse.Text(JsonSerializer.Serialize(value), promptTokens: 100, completionTokens: 50);
}
