using Agents.Contracts;

namespace Agents.Sandbox.Tests.Toolchains;

public sealed class PythonToolchainTests : IDisposable
{
    private readonly SandboxHarness _sandbox = SandboxHarness.Create();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Verify_CleanCodeWithPassingTestsAndTrueClaims_IsVerifiedWithProof()
    {
        var result = await _sandbox.VerifyAsync(Requests.Python(Requests.PassingTest, claims: [new("function", "add", "solution.py"), new("file", "solution.py")]));

        Assert.True(result.Verified);
        Assert.Equal(1.0, result.TrustScore);
        Assert.Equal("bubblewrap", result.Isolation);
        Assert.Equal([CheckpointNames.Syntax, CheckpointNames.Claims, CheckpointNames.Security, CheckpointNames.Tests], result.Checkpoints.Select(c => c.Name));
        Assert.All(result.Checkpoints, c => Assert.True(c.Passed, c.Name));
        var tests = result.Checkpoint(CheckpointNames.Tests);
        Assert.Contains("pytest", tests.Proof.Command, StringComparison.Ordinal);
        Assert.Equal(0, tests.Proof.ExitCode);
        Assert.True(tests.Proof.DurationMs > 0);
        Assert.Equal(new[] { 1, 0, 0 }, new[] { result.Tests.Passed, result.Tests.Failed, result.Tests.Errors });
    }

    [Fact]
    public async Task Verify_SyntaxError_FailsSyntaxWithFileAndLineAndSkipsTests()
    {
        var result = await _sandbox.VerifyAsync(Requests.Python(Requests.PassingTest, solution: "def add(a, b):\n    return a +\n"));

        var syntax = result.Checkpoint(CheckpointNames.Syntax);
        Assert.False(result.Verified);
        Assert.False(syntax.Passed);
        var error = Assert.Single(syntax.Findings);
        Assert.Equal(("solution.py", 2), (error.File, error.Line));
        Assert.Equal("(not run)", result.Checkpoint(CheckpointNames.Tests).Proof.Command);
    }

    [Fact]
    public async Task Verify_FalseAndUncheckableClaims_AreMissingAndUnverifiedNeverPassed()
    {
        var solution = "class Calculator:\n    def add(self, a, b):\n        return a + b\n\ndef add(a, b):\n    return Calculator().add(a, b)\n";
        CodeClaim[] claims = [new("method", "Calculator.add", "solution.py"), new("class", "Calculator"), new("function", "subtract", "solution.py"), new("module", "solution"), new("function", "add", "other.py")];

        var result = await _sandbox.VerifyAsync(Requests.Python(Requests.PassingTest, solution, claims: claims));

        var findings = result.Checkpoint(CheckpointNames.Claims).Findings;
        Assert.False(result.Checkpoint(CheckpointNames.Claims).Passed);
        Assert.Equal(["claim-verified", "claim-verified", "claim-missing", "claim-unverified", "claim-missing"], findings.Select(f => f.Rule));
        Assert.Equal(2, findings[0].Line);
        Assert.False(result.Verified, "A claimed function that does not exist is a high-severity finding.");
    }

    [Fact]
    public async Task Verify_ShellInjectionAndHardCodedKey_AreHighFindingsThatBlockVerification()
    {
        var solution = "import os\n\nAPI_KEY = \"AKIAABCDEFGHIJKLMNOP\"\n\ndef add(a, b):\n    os.system(\"echo \" + str(a))\n    return a + b\n";

        var result = await _sandbox.VerifyAsync(Requests.Python(Requests.PassingTest, solution));

        var security = result.Checkpoint(CheckpointNames.Security);
        Assert.True(result.Checkpoint(CheckpointNames.Tests).Passed);
        Assert.False(security.Passed);
        Assert.False(result.Verified);
        Assert.Contains(security.Findings, f => f is { Rule: "py-shell", File: "solution.py", Line: 6, Severity: FindingSeverities.High });
        Assert.Contains(security.Findings, f => f is { Rule: "hardcoded-secret", File: "solution.py", Line: 3, Severity: FindingSeverities.High });
    }

    [Fact]
    public async Task Verify_NoTests_IsNotVerified()
    {
        var request = new VerificationRequest(VerificationLanguages.Python, new Dictionary<string, string> { ["solution.py"] = Requests.Solution });

        var result = await _sandbox.VerifyAsync(request);

        Assert.False(result.Verified);
        Assert.False(result.Checkpoint(CheckpointNames.Tests).Passed);
    }

    [Fact]
    public async Task Verify_BuiltInRunner_ReportsCountsAndFailureMessagesThroughTheHarness()
    {
        using var sandbox = SandboxHarness.Create(o => o.PythonTestRunner = "builtin");
        var test = Requests.PassingTest + "\ndef test_wrong():\n    assert add(1, 2) == 4, 'add is off'\n\ndef test_crash():\n    raise ZeroDivisionError('boom')\n";

        var result = await sandbox.VerifyAsync(Requests.Python(test));

        Assert.False(result.Verified);
        Assert.Equal(new[] { 1, 1, 1 }, new[] { result.Tests.Passed, result.Tests.Failed, result.Tests.Errors });
        Assert.Contains("python_harness.py (built-in runner", result.Checkpoint(CheckpointNames.Tests).Proof.Command, StringComparison.Ordinal);
        Assert.Contains(result.Tests.Failures, f => f.Name.EndsWith("test_wrong", StringComparison.Ordinal) && f.Message.Contains("add is off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_NamesThePassedTests_WithTheIdsFailuresUse_AndNoCanary()
    {
        var test = Requests.PassingTest + "\ndef test_also():\n    assert add(2, 2) == 4\n\ndef test_wrong():\n    assert add(1, 2) == 4\n";

        var result = await _sandbox.VerifyAsync(Requests.Python(test));

        // The same id scheme on both sides, so a baseline's passed test can be found among a later run's failures.
        var failed = Assert.Single(result.Tests.Failures).Name;
        Assert.NotNull(result.Tests.PassedTests);
        Assert.Equal(2, result.Tests.PassedTests.Count);
        Assert.Equal(result.Tests.Passed, result.Tests.PassedTests.Count);
        Assert.Contains(result.Tests.PassedTests, id => id.EndsWith("::test_add", StringComparison.Ordinal));
        Assert.Contains(result.Tests.PassedTests, id => id.EndsWith("::test_also", StringComparison.Ordinal));
        Assert.EndsWith("::test_wrong", failed, StringComparison.Ordinal);
        Assert.Equal(failed[..failed.IndexOf("::", StringComparison.Ordinal)], result.Tests.PassedTests[0][..result.Tests.PassedTests[0].IndexOf("::", StringComparison.Ordinal)]);
    }
}
