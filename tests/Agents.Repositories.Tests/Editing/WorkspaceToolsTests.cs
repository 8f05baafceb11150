using System.Text.Json;
using Agents.Contracts;
using Agents.Llm;
using Agents.Repositories.Editing;
using Agents.Testing.OpenAi;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Agents.Repositories.Tests.Editing;

/// <summary>The tools as AIFunctions: arguments as the model sends them (JSON), and a whole tool loop through the LLM layer.</summary>
public sealed class WorkspaceToolsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SourceFile[] s_files =
    [
        new("calc.py", "def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a - b\n"),
        new("tests/test_calc.py", "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n"),
    ];

    [Fact]
    public void Functions_AreTheEightTools_WithSchemasNamingTheirArguments()
    {
        var tools = new WorkspaceTools(new Workspace(s_files), (_, _) => Task.FromResult("ok"));

        Assert.Equal(["list_files", "read_file", "search", "edit_file", "apply_patch", "create_file", "delete_file", "run_tests"], tools.Functions.Select(f => f.Name));
        var edit = tools.Functions.Single(f => f.Name == "edit_file").JsonSchema;
        var block = edit.GetProperty("properties").GetProperty("blocks").GetProperty("items").GetProperty("properties");
        Assert.True(block.TryGetProperty("search", out _));
        Assert.True(block.TryGetProperty("replace", out _));
        Assert.Equal(["path", "blocks"], edit.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task EditFile_WithJsonArguments_AppliesTheBlocks_AndRunTests_SeesTheEditedFiles()
    {
        IReadOnlyDictionary<string, string>? tested = null;
        var tools = new WorkspaceTools(new Workspace(s_files), (files, _) =>
        {
            tested = files;
            return Task.FromResult("1 passed, 0 failed");
        });

        var edited = await Invoke(tools, "edit_file", """{"path":"calc.py","blocks":[{"search":"def add(a, b):\n    return a - b","replace":"def add(a, b):\n    return a + b"}]}""");
        var summary = await Invoke(tools, "run_tests", "{}");

        Assert.StartsWith("Edited calc.py: 1 block(s) applied.", edited, StringComparison.Ordinal);
        Assert.Equal("1 passed, 0 failed", summary);
        Assert.Equal("def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n", tested!["calc.py"]);
        Assert.Equal(1, tools.TestRuns);
    }

    [Fact]
    public async Task RunTests_WhenTheRunnerFails_AnswersWithTheReason_InsteadOfThrowing()
    {
        var tools = new WorkspaceTools(new Workspace(s_files), (_, _) => throw new InvalidOperationException("the sandbox is not reachable"));

        var answer = await Invoke(tools, "run_tests", "{}");

        Assert.Equal("Error: the tests could not be run: the sandbox is not reachable", answer);
    }

    [Fact]
    public async Task ReadFile_WithJsonArguments_ReadsARange_AndRefusesAPathOutside()
    {
        var tools = new WorkspaceTools(new Workspace(s_files), (_, _) => Task.FromResult(""));

        var range = await Invoke(tools, "read_file", """{"path":"calc.py","startLine":2,"endLine":2}""");
        var outside = await Invoke(tools, "read_file", """{"path":"../../etc/passwd"}""");

        Assert.Equal("calc.py (lines 2-2 of 6):\n2\t    return a - b\n", range);
        Assert.Equal("Error: The path '../../etc/passwd' uses '..'; paths stay inside the repository, relative to its root.", outside);
    }

    [Fact]
    public async Task AScriptedCoder_ReadsEditsAndTestsThroughTheLlmLayer_AndARefusedEditIsReportedBackThenCorrected()
    {
        await using var server = await OpenAiTestServer.StartAsync(Ct);
        server.Enqueue(
            ScriptedResponse.Tools(new ScriptedToolCall("read_file", """{"path":"calc.py"}""", "call_read")),
            // Matches both functions' bodies: refused, nothing changes.
            ScriptedResponse.Tools(new ScriptedToolCall("edit_file", """{"path":"calc.py","blocks":[{"search":"    return a - b\n","replace":"    return a + b\n"}]}""", "call_edit1")),
            ScriptedResponse.Tools(new ScriptedToolCall("edit_file", """{"path":"calc.py","blocks":[{"search":"def add(a, b):\n    return a - b\n","replace":"def add(a, b):\n    return a + b\n"}]}""", "call_edit2")),
            ScriptedResponse.Tools(new ScriptedToolCall("run_tests", "{}", "call_test")),
            ScriptedResponse.Text("Fixed add."));
        var workspace = new Workspace(s_files);
        var tools = new WorkspaceTools(workspace, (files, _) => Task.FromResult(files["calc.py"].Contains("a + b", StringComparison.Ordinal) ? "1 passed, 0 failed" : "0 passed, 1 failed"));
        using var host = StartLlm(server);

        var response = await host.Services.GetRequiredService<ILlmClients>().ForRole(LlmRole.Coder)
            .GetResponseAsync([new ChatMessage(ChatRole.User, "Fix add in calc.py.")], new ChatOptions { Tools = [.. tools.Functions] }, Ct);

        Assert.Equal("Fixed add.", response.Text);
        var answers = server.Requests[^1].Messages.Where(m => m.Role == "tool")
            // The function-invoking client sends a string result as a JSON string.
            .ToDictionary(m => m.ToolCallId!, m => JsonSerializer.Deserialize<string>(m.Content!));
        Assert.StartsWith("calc.py (lines 1-6 of 6):\n1\tdef add(a, b):\n", answers["call_read"], StringComparison.Ordinal);
        Assert.Contains("block 1 matched 2 times (at lines 2, 6)", answers["call_edit1"], StringComparison.Ordinal);
        Assert.StartsWith("Edited calc.py", answers["call_edit2"], StringComparison.Ordinal);
        Assert.Equal("1 passed, 0 failed", answers["call_test"]);
        Assert.Equal([new AppliedEdit(1, "edit_file", "calc.py", "modified")], workspace.State.Edits);
        Assert.Equal("diff --git a/calc.py b/calc.py\n--- a/calc.py\n+++ b/calc.py\n@@ -1,5 +1,5 @@\n def add(a, b):\n-    return a - b\n+    return a + b\n \n \n def sub(a, b):\n", workspace.CreatePatch());
    }

    private static async Task<string?> Invoke(WorkspaceTools tools, string name, string json)
    {
        // As the function-invoking client passes them: each argument a JsonElement.
        var arguments = new AIFunctionArguments(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(a => a.Key, a => (object?)a.Value));
        var result = await tools.Functions.Single(f => f.Name == name).InvokeAsync(arguments, Ct);
        return result is JsonElement element ? element.GetString() : result?.ToString();
    }

    private static IHost StartLlm(OpenAiTestServer server)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Providers:local:Preset"] = "openai-compatible",
            ["Llm:Providers:local:Endpoint"] = server.Endpoint,
            ["Llm:Providers:local:Models:0"] = "test-model",
            ["Llm:Providers:local:MaxRetries"] = "0",
        });
        builder.AddAgentsLlm();
        var host = builder.Build();
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        return host;
    }
}
