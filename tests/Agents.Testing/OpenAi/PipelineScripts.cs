using System.Text.Json;

namespace Agents.Testing.OpenAi;

/// <summary>
/// Scripted model answers for a run that passes first time: a Python <c>add</c> function and its tests. Shared by the
/// multi-process tests and the AppHost tests; each schema (<c>plan</c>, <c>tests</c>, <c>code</c>) is answered once.
/// </summary>
public static class PipelineScripts
{
    public const string Requirements = "A module calc with a function add(a, b) that returns the sum of two numbers.";

    /// <param name="llm">The test server to script.</param>
    /// <param name="testPauseSeconds">Seconds the tests sleep first, so the test step is still running when a process is killed.</param>
    public static void PassFirstTime(OpenAiTestServer llm, int testPauseSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(llm);
        llm.EnqueueForSchema("plan", Json(new
        {
            summary = "add two numbers",
            files = new[] { new { path = "calc.py", purpose = "the add function" } },
            symbols = new[] { new { kind = "function", name = "add", file = "calc.py" } },
            testStrategy = "call add with small integers",
            steps = new[] { "write add", "test add" },
        }));
        var pause = testPauseSeconds > 0 ? $"import time\ntime.sleep({testPauseSeconds})\n" : "";
        llm.EnqueueForSchema("tests", Json(new
        {
            files = new[] { new { path = "test_calc.py", content = pause + "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n" } },
            notes = "from the requirements",
        }));
        llm.EnqueueForSchema("code", Json(new
        {
            files = new[] { new { path = "calc.py", content = "def add(a, b):\n    return a + b\n" } },
            claims = new[] { new { kind = "function", name = "add", file = "calc.py" } },
        }));
    }

    private static ScriptedResponse Json(object value) => ScriptedResponse.Text(JsonSerializer.Serialize(value), promptTokens: 100, completionTokens: 50);
}
