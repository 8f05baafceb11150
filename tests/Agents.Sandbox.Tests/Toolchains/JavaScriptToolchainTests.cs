using Agents.Contracts;

namespace Agents.Sandbox.Tests.Toolchains;

public sealed class JavaScriptToolchainTests : IDisposable
{
    private const string Code = """
        class Stack {
          constructor() { this.items = []; }
          push(x) { this.items.push(x); }
          pop() { return this.items.pop(); }
        }
        function add(a, b) { return a + b; }
        module.exports = { Stack, add };
        """;

    private readonly SandboxHarness _sandbox = SandboxHarness.Create();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Verify_NodeTestRun_CountsFromTheHarnessReporterAndChecksClaimsOnTheSyntaxTree()
    {
        const string tests = """
            const test = require('node:test');
            const assert = require('node:assert');
            const { Stack, add } = require('./stack.js');
            test.describe('stack', () => {
              test.it('pops what was pushed', () => { const s = new Stack(); s.push(1); assert.strictEqual(s.pop(), 1); });
              test.it('adds', () => assert.strictEqual(add(1, 2), 3));
            });
            test('is wrong on purpose', () => assert.strictEqual(add(1, 2), 4));
            """;
        var request = new VerificationRequest(
            VerificationLanguages.JavaScript,
            new Dictionary<string, string> { ["stack.js"] = Code },
            new Dictionary<string, string> { ["stack.test.js"] = tests },
            [new("class", "Stack", "stack.js"), new("method", "Stack.pop"), new("function", "add"), new("function", "multiply")]);

        var result = await _sandbox.VerifyAsync(request);

        Assert.Equal(new[] { 2, 1, 0 }, new[] { result.Tests.Passed, result.Tests.Failed, result.Tests.Errors });
        Assert.Contains("node --test", result.Checkpoint(CheckpointNames.Tests).Proof.Command.Replace("/usr/bin/", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("4", result.Tests.Failures.Single().Message, StringComparison.Ordinal);
        Assert.Equal(["claim-verified", "claim-verified", "claim-verified", "claim-missing"], result.Checkpoint(CheckpointNames.Claims).Findings.Select(f => f.Rule));
        Assert.False(result.Verified);
    }

    [Fact]
    public async Task Verify_SyntaxErrorAndEval_AreReportedWithLines()
    {
        var request = new VerificationRequest(
            VerificationLanguages.JavaScript,
            new Dictionary<string, string> { ["ok.js"] = "function run(code) {\n  return eval(code);\n}\nmodule.exports = { run };\n", ["broken.js"] = "function f( {\n" },
            new Dictionary<string, string> { ["ok.test.js"] = "require('node:test')('x', () => {});\n" });

        var result = await _sandbox.VerifyAsync(request);

        Assert.False(result.Verified);
        Assert.Contains(result.Checkpoint(CheckpointNames.Syntax).Findings, f => f.File == "broken.js" && f.Line > 0 && f.Message.StartsWith("SyntaxError", StringComparison.Ordinal));
        Assert.Contains(result.Checkpoint(CheckpointNames.Security).Findings, f => f is { Rule: "js-eval", File: "ok.js", Line: 2, Severity: FindingSeverities.Medium });
    }

    [Fact]
    public async Task Verify_PassingSuite_IsVerified()
    {
        var request = new VerificationRequest(
            VerificationLanguages.JavaScript,
            new Dictionary<string, string> { ["stack.js"] = Code },
            new Dictionary<string, string> { ["stack.test.js"] = "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('./stack.js');\ntest('adds', () => assert.strictEqual(add(2, 2), 4));\n" });

        var result = await _sandbox.VerifyAsync(request);

        Assert.True(result.Verified, string.Join("\n", result.Checkpoints.Select(c => c.Name + ": " + c.Proof.OutputExcerpt)));
    }
}
