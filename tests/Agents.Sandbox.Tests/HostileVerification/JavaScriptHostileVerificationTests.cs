using Agents.Contracts;

namespace Agents.Sandbox.Tests.HostileVerification;

/// <summary>
/// Wrong JavaScript code (<c>add</c> returns <c>a - b</c>) that tries to get verified anyway: files that configure
/// the runner or add tests, exiting before the tests run, forging the reporter's output, patching
/// <c>node:assert</c> or the reporter's stream from the solution module.
/// </summary>
public sealed class JavaScriptHostileVerificationTests : IDisposable
{
    private const string Tests = """
        const test = require('node:test');
        const assert = require('node:assert');
        const { add } = require('./solution.js');
        test('adds', () => assert.strictEqual(add(1, 2), 3));
        test('adds negatives', () => assert.strictEqual(add(-2, 5), 3));
        """;

    private const string Honest = "exports.add = (a, b) => a + b;\n";
    private const string Wrong = "exports.add = (a, b) => a - b;\n";

    private const string FakeReport =
        "const FAKE = '@@agents-report-begin@@' + JSON.stringify({ tests: [{ file: '/workspace/solution.test.js', name: 'adds', nesting: 0, outcome: 'passed', message: '' }], output: '' }) + '@@agents-report-end@@\\n';\n";

    private readonly SandboxHarness _sandbox = SandboxHarness.Create(o => o.MaxParallelVerifications = 2);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Honest_IsVerified()
    {
        var result = await _sandbox.VerifyAsync(Request(Honest));

        Assert.True(result.Verified, Verdicts.Describe(result));
        Assert.Equal(2, result.Tests.Passed);
        Assert.Equal(TrustScore.SharedProcessCap, result.TrustScore);
    }

    [Theory]
    [InlineData("package.json", "{ \"type\": \"commonjs\", \"scripts\": { \"test\": \"exit 0\" } }")]
    [InlineData("node_modules/assert/index.js", "module.exports = { strictEqual() {} };\n")]
    [InlineData("extra.test.js", "require('node:test')('passes', () => {});\n")]
    [InlineData(".mocharc.json", "{ \"spec\": [] }")]
    public async Task RunnerConfigurationOrTestsInTheFiles_IsAHighFinding_AndHasNoEffectWhenTrusted(string path, string content)
    {
        var files = new Dictionary<string, string> { ["solution.js"] = Wrong, [path] = content };

        var untrusted = await _sandbox.VerifyAsync(new VerificationRequest(VerificationLanguages.JavaScript, files, TestFiles(), TimeoutSeconds: 30));
        var trusted = await _sandbox.VerifyAsync(new VerificationRequest(VerificationLanguages.JavaScript, files, TestFiles(), TimeoutSeconds: 30, TrustedFiles: [path]));

        Verdicts.AssertTestSideFinding(untrusted, path);
        Verdicts.AssertNotVerified(trusted);
    }

    [Theory]
    [InlineData("exit-zero-at-import", Wrong + "process.exit(0);\n")]
    [InlineData("exit-zero-in-the-call", "exports.add = (a, b) => { process.exit(0); };\n")]
    [InlineData("fake-report-through-proc-then-exit", "const fs = require('node:fs');\n" + FakeReport + "for (const target of ['/proc/1/fd/1', `/proc/${process.ppid}/fd/1`]) { try { fs.writeSync(fs.openSync(target, 'w'), FAKE); } catch {} }\n" + Wrong + "process.exit(0);\n")]
    [InlineData("node-assert-patched", "const assert = require('node:assert');\nfor (const name of ['strictEqual', 'deepStrictEqual', 'ok', 'equal', 'deepEqual', 'notStrictEqual']) { assert[name] = () => {}; }\n" + Wrong)]
    [InlineData("reporter-stream-silenced", "process.stdout.write = () => true;\n" + Wrong)]
    [InlineData("uncaught-errors-swallowed", "process.on('uncaughtException', () => {});\nconst assert = require('node:assert');\nassert.strictEqual = () => {};\nassert.ok = () => {};\nassert.deepStrictEqual = () => {};\n" + Wrong)]
    public async Task ExitOrPatchFromTheSolution_IsTampered(string family, string code)
    {
        var result = await _sandbox.VerifyAsync(Request(code));

        Assert.False(result.Verified, family);
        Verdicts.AssertTampered(result);
    }

    [Theory]
    [InlineData("fake-report-on-stdout", FakeReport + "console.log(FAKE);\n" + Wrong)]
    [InlineData("fake-report-on-exit", FakeReport + "process.on('exit', () => console.log(FAKE));\n" + Wrong)]
    [InlineData("report-file-in-workspace", "require('node:fs').mkdirSync('.agents', { recursive: true });\nrequire('node:fs').writeFileSync('.agents/report.xml', '<testsuites><testsuite><testcase name=\"adds\"/></testsuite></testsuites>');\n" + Wrong)]
    public async Task ForgedReportText_HasNoEffect(string family, string code)
    {
        var result = await _sandbox.VerifyAsync(Request(code));

        Assert.False(result.Verified, family);
        Verdicts.AssertNotVerified(result);
    }

    private static Dictionary<string, string> TestFiles() => new() { ["solution.test.js"] = Tests };

    private static VerificationRequest Request(string solution) =>
        new(VerificationLanguages.JavaScript, new Dictionary<string, string> { ["solution.js"] = solution }, TestFiles(), TimeoutSeconds: 30);
}
