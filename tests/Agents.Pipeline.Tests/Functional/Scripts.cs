using System.Text.Json;
using Agents.Testing.OpenAi;

namespace Agents.Pipeline.Tests.Functional;

/// <summary>Scripted model answers for the four schemas: a tiny "add two numbers" task in Python and JavaScript.</summary>
internal static class Scripts
{
    public const string Requirements = PipelineScripts.Requirements;

    public static ScriptedResponse Plan(string summary = "add two numbers", string file = "calc.py") => Json(new
    {
        summary,
        files = new[] { new { path = file, purpose = "the add function" } },
        symbols = new[] { new { kind = "function", name = "add", file } },
        testStrategy = "call add with small integers",
        steps = new[] { "write add", "test add" },
    });

    /// <param name="pauseSeconds">Seconds the test sleeps first, to keep the test step running (crash test).</param>
    public static ScriptedResponse PythonTests(int pauseSeconds = 0, int expected = 5) => Json(new
    {
        files = new[]
        {
            new
            {
                path = "test_calc.py",
                content = (pauseSeconds > 0 ? $"import time\ntime.sleep({pauseSeconds})\n" : "") +
                    $"from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == {expected}\n\n\ndef test_add_negative():\n    assert add(-1, 1) == 0\n",
            },
        },
        notes = "from the requirements",
    });

    public static ScriptedResponse PythonCode(bool correct = true) => Json(new
    {
        files = new[] { new { path = "calc.py", content = $"def add(a, b):\n    return a {(correct ? "+" : "-")} b\n" } },
        claims = new[] { new { kind = "function", name = "add", file = "calc.py" } },
    });

    /// <summary>Right code plus a <c>conftest.py</c> that turns every failure into a pass: the coder deciding its own verdict.</summary>
    public static ScriptedResponse PythonCodeWithConftest(bool correct = true) => Json(new
    {
        files = new[]
        {
            new { path = "calc.py", content = $"def add(a, b):\n    return a {(correct ? "+" : "-")} b\n" },
            new
            {
                path = "conftest.py",
                content = "import pytest\n\n\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n    outcome = yield\n    outcome.get_result().outcome = 'passed'\n",
            },
        },
        claims = new[] { new { kind = "function", name = "add", file = "calc.py" } },
    });

    public static ScriptedResponse PythonRepair(bool correct = true, string? dispute = null) => Json(new
    {
        files = new[] { new { path = "calc.py", content = $"def add(a, b):\n    return a {(correct ? "+" : "-")} b\n" } },
        claims = new[] { new { kind = "function", name = "add", file = "calc.py" } },
        disputes = dispute is null ? null : new[] { new { test = dispute, reason = "2 + 3 is 5, the test expects 6" } },
    });

    public static ScriptedResponse PythonCorrectedTests(string test) => Json(new
    {
        files = new[] { new { path = "test_calc.py", content = "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n" } },
        verdicts = new[] { new { test, corrected = true, explanation = "the expected value was wrong" } },
    });

    public static ScriptedResponse JavaScriptTests() => Json(new
    {
        files = new[] { new { path = "calc.test.js", content = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('./calc.js');\n\ntest('add', () => { assert.strictEqual(add(2, 3), 5); });\n" } },
    });

    public static ScriptedResponse JavaScriptCode() => Json(new
    {
        files = new[] { new { path = "calc.js", content = "function add(a, b) {\n  return a + b;\n}\n\nmodule.exports = { add };\n" } },
        claims = new[] { new { kind = "function", name = "add", file = "calc.js" } },
    });

    public static ScriptedResponse CSharpTests() => Json(new
    {
        files = new[] { new { path = "CalculatorTests.cs", content = "namespace Demo;\n\npublic class CalculatorTests\n{\n    [Fact]\n    public void Add_Sums() => Assert.Equal(5, Calculator.Add(2, 3));\n}\n" } },
    });

    public static ScriptedResponse CSharpCode() => Json(new
    {
        files = new[] { new { path = "Calculator.cs", content = "namespace Demo;\n\npublic static class Calculator\n{\n    public static int Add(int a, int b) => a + b;\n}\n" } },
        claims = new[] { new { kind = "class", name = "Calculator", file = "Calculator.cs" }, new { kind = "method", name = "Calculator.Add", file = "Calculator.cs" } },
    });

    /// <summary>A run that passes first time: plan, tests, code.</summary>
    public static void PassFirstTime(OpenAiTestServer llm, int testPauseSeconds = 0)
    {
        llm.EnqueueForSchema("plan", Plan());
        llm.EnqueueForSchema("tests", PythonTests(testPauseSeconds));
        llm.EnqueueForSchema("code", PythonCode());
    }

    private static ScriptedResponse Json(object value) => ScriptedResponse.Text(JsonSerializer.Serialize(value), promptTokens: 100, completionTokens: 50);
}
