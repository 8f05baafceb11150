using Agents.Contracts;

namespace Agents.Sandbox.Tests.HostileVerification;

/// <summary>
/// Wrong Python code (<c>add</c> returns <c>a - b</c>) that tries to get verified anyway, by family: files that
/// configure the runner, writing or forging the report, patching the runner from the solution, values that lie.
/// Each attack runs in the function-level shape (the code in a process of its own) and, where the family needs the
/// code in the tests' process, in the shared shape too (a module-level class makes it so), where the canaries and the
/// report checks have to catch it on their own.
/// </summary>
public sealed class PythonHostileVerificationTests : IDisposable
{
    private const string Tests = "from solution import add\n\ndef test_add():\n    assert add(1, 2) == 3\n\ndef test_add_negative():\n    assert add(-2, 5) == 3\n";
    private const string Honest = "def add(a, b):\n    return a + b\n";
    private const string Wrong = "def add(a, b):\n    return a - b\n";

    // A module-level class: the code then shares the tests' process (the fallback shape).
    private const string Shared = "class Helper:\n    pass\n\n";

    private const string FakeReport =
        "FAKE = '@@agents-report-begin@@' + '{\"records\": [{\"id\": \"test_solution.py::test_add\", \"outcome\": \"passed\", \"message\": \"\"}, {\"done\": true, \"status\": 0}], \"invalid\": 0, \"exit\": 0, \"stopped\": null, \"output\": \"\"}' + '@@agents-report-end@@'\n";

    private const string OutcomeRewritingHook =
        "import pytest\n\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n    outcome = yield\n    report = outcome.get_result()\n    report.outcome = 'passed'\n    report.longrepr = None\n";

    private const string JsonPatch =
        "import json\n_dumps = json.dumps\n\ndef _lying_dumps(value, *args, **kwargs):\n    if isinstance(value, dict) and value.get('outcome') in ('failed', 'error'):\n        value = dict(value, outcome='passed', message='')\n    return _dumps(value, *args, **kwargs)\n\njson.dumps = _lying_dumps\n\n";

    private readonly SandboxHarness _sandbox = SandboxHarness.Create(o => o.MaxParallelVerifications = 2);

    public void Dispose() => _sandbox.Dispose();

    public static TheoryData<string, string> RunnerConfigurationFiles => new()
    {
        { "conftest.py", OutcomeRewritingHook },
        { "pytest.ini", "[pytest]\naddopts = -p evil_plugin\n" },
        { "pytest.py", "import sys\nprint('2 passed')\nsys.exit(0)\n" },
        { "pytest/__main__.py", "import sys\nprint('2 passed')\nsys.exit(0)\n" },
        { "sitecustomize.py", "import os\nos._exit(0)\n" },
        { "zz_evil.pth", "import os; os._exit(0)\n" },
        { "tox.ini", "[pytest]\naddopts = -p evil_plugin\n" },
    };

    [Fact]
    public async Task Honest_FunctionLevelAndShared_AreVerified()
    {
        var functionLevel = await _sandbox.VerifyAsync(Request(Honest));
        var shared = await _sandbox.VerifyAsync(Request(Shared + Honest));

        Assert.True(functionLevel.Verified, Verdicts.Describe(functionLevel));
        Assert.Equal(1.0, functionLevel.TrustScore);
        Assert.Contains("code in its own process", functionLevel.Checkpoint(CheckpointNames.Tests).Proof.Command, StringComparison.Ordinal);
        Assert.True(shared.Verified, Verdicts.Describe(shared));
        Assert.Equal(TrustScore.SharedProcessCap, shared.TrustScore);
    }

    [Theory]
    [MemberData(nameof(RunnerConfigurationFiles))]
    public async Task RunnerConfigurationInTheFiles_IsAHighFinding_AndHasNoEffectWhenTrusted(string path, string content)
    {
        var files = new Dictionary<string, string> { ["solution.py"] = Wrong, [path] = content, ["evil_plugin.py"] = OutcomeRewritingHook };

        var untrusted = await _sandbox.VerifyAsync(new VerificationRequest(VerificationLanguages.Python, files, TestFiles(), TimeoutSeconds: 30));
        var trusted = await _sandbox.VerifyAsync(new VerificationRequest(VerificationLanguages.Python, files, TestFiles(), TimeoutSeconds: 30, TrustedFiles: [path]));

        Verdicts.AssertTestSideFinding(untrusted, path);
        // Trusted or not, the harness never lets it decide the verdict: the run fails, or is caught rewriting.
        Verdicts.AssertNotVerified(trusted);
    }

    [Fact]
    public async Task TrustedConftestThatRewritesOutcomes_IsTampered()
    {
        var files = new Dictionary<string, string> { ["solution.py"] = Wrong, ["conftest.py"] = OutcomeRewritingHook };

        var result = await _sandbox.VerifyAsync(new VerificationRequest(VerificationLanguages.Python, files, TestFiles(), TimeoutSeconds: 30, TrustedFiles: ["conftest.py"]));

        Verdicts.AssertTampered(result);
    }

    [Fact]
    public async Task TestConftestFromTheTests_IsLoaded()
    {
        // The tests' own conftest is test infrastructure: its fixtures work.
        var tests = new Dictionary<string, string>
        {
            ["conftest.py"] = "import pytest\n\n@pytest.fixture\ndef three():\n    return 3\n",
            ["test_solution.py"] = "from solution import add\n\ndef test_add(three):\n    assert add(1, 2) == three\n",
        };

        var result = await _sandbox.VerifyAsync(new VerificationRequest(VerificationLanguages.Python, new Dictionary<string, string> { ["solution.py"] = Honest }, tests, TimeoutSeconds: 30));

        Assert.True(result.Verified, Verdicts.Describe(result));
    }

    [Theory]
    [InlineData("fake-report-then-exit", "import os\n" + FakeReport + "print(FAKE, flush=True)\nos._exit(0)\n\n")]
    [InlineData("fake-report-through-proc", "import os\n" + FakeReport + "for target in ('/proc/1/fd/1', '/proc/%d/fd/1' % os.getppid()):\n    try:\n        with open(target, 'w') as out:\n            out.write(FAKE)\n    except OSError:\n        pass\nos._exit(0)\n\n")]
    [InlineData("exit-zero-at-import", "import os\nos._exit(0)\n\n")]
    [InlineData("sys-exit-from-atexit", "import atexit, os\n" + FakeReport + "atexit.register(lambda: print(FAKE))\nos._exit(0)\n\n")]
    public async Task ReportForgery_SharedProcess_IsTampered(string family, string prelude)
    {
        var result = await _sandbox.VerifyAsync(Request(Shared + prelude + Wrong));

        Assert.False(result.Verified, family);
        Verdicts.AssertTampered(result);
    }

    [Theory]
    [InlineData("fake-report-then-exit", "import os\n" + FakeReport + "print(FAKE, flush=True)\nos._exit(0)\n\n")]
    [InlineData("exit-zero-at-import", "import os\nos._exit(0)\n\n")]
    [InlineData("exit-zero-in-the-call", "import os\n\ndef helper():\n    os._exit(0)\n\n")]
    [InlineData("report-file-in-workspace", "import os\nos.makedirs('.agents', exist_ok=True)\nopen('.agents/report.xml', 'w').write('<testsuites><testsuite><testcase classname=\"t\" name=\"test_add\"/></testsuite></testsuites>')\n\n")]
    [InlineData("atexit-report", "import atexit\n" + FakeReport + "atexit.register(lambda: print(FAKE))\n\n")]
    public async Task ReportForgery_FunctionLevel_IsNotVerified(string family, string prelude)
    {
        var code = family == "exit-zero-in-the-call" ? prelude + "def add(a, b):\n    helper()\n    return a - b\n" : prelude + Wrong;

        var result = await _sandbox.VerifyAsync(Request(code));

        Assert.False(result.Verified, family);
        Verdicts.AssertNotVerified(result);
    }

    [Theory]
    [InlineData("pytest-report-class", "import _pytest.reports as _reports\n_init = _reports.TestReport.__init__\n\ndef _passing(self, *args, **kwargs):\n    _init(self, *args, **kwargs)\n    self.outcome = 'passed'\n    self.longrepr = None\n\n_reports.TestReport.__init__ = _passing\n\n")]
    [InlineData("pytest-runner-hook", "import _pytest.runner as _runner\n\ndef _nothing(item, when, **kwargs):\n    return _runner.CallInfo.from_call(lambda: None, when=when, reraise=None)\n\n_runner.call_runtest_hook = _nothing\n\n")]
    [InlineData("harness-record-writer", JsonPatch)]
    [InlineData("assertion-error-swallowed", "import builtins\nbuiltins.AssertionError = type('AssertionError', (Exception,), {})\nimport _pytest.python as _python\n_call = _python.Function.runtest\n\ndef _quiet(self):\n    try:\n        _call(self)\n    except BaseException:\n        pass\n\n_python.Function.runtest = _quiet\n\n")]
    public async Task RunnerPatchedFromTheSolution_SharedProcess_IsTampered(string family, string prelude)
    {
        var result = await _sandbox.VerifyAsync(Request(Shared + prelude + Wrong));

        Assert.False(result.Verified, family);
        Verdicts.AssertTampered(result);
    }

    [Fact]
    public async Task BuiltInRunnerWriterPatched_SharedProcess_IsTampered()
    {
        using var builtin = SandboxHarness.Create(o => o.PythonTestRunner = "builtin");

        var result = await builtin.VerifyAsync(Request(Shared + JsonPatch + Wrong));

        Verdicts.AssertTampered(result);
    }

    [Theory]
    [InlineData("int-subclass", "def add(a, b):\n    class Liar(int):\n        def __eq__(self, other):\n            return True\n        __hash__ = int.__hash__\n    return Liar(a - b)\n")]
    [InlineData("any-object", "def add(a, b):\n    class Liar:\n        def __eq__(self, other):\n            return True\n    return Liar()\n")]
    [InlineData("str-subclass", "def add(a, b):\n    class Liar(str):\n        def __eq__(self, other):\n            return True\n        __hash__ = str.__hash__\n    return Liar('x')\n")]
    [InlineData("liar-inside-a-list", "def add(a, b):\n    class Liar(int):\n        def __eq__(self, other):\n            return True\n        __hash__ = int.__hash__\n    return [Liar(0)][0]\n")]
    public async Task ValuesThatLie_FunctionLevel_AreRefusedAtTheBoundary(string family, string code)
    {
        var result = await _sandbox.VerifyAsync(Request(code));

        Assert.False(result.Verified, family);
        Verdicts.AssertNotVerified(result);
        Assert.Contains(result.Tests.Failures, f => f.Message.Contains("not plain data", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> TestFiles() => new() { ["test_solution.py"] = Tests };

    private static VerificationRequest Request(string solution) =>
        new(VerificationLanguages.Python, new Dictionary<string, string> { ["solution.py"] = solution }, TestFiles(), TimeoutSeconds: 30);
}
