using System.ComponentModel;
using Agents.Contracts;
using Agents.Sandbox;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Agents.Gateway.Mcp;

/// <summary><c>verify_code</c>: the same verifier as <c>POST /api/verify</c> (this process's sandbox, or the sandbox service).</summary>
[McpServerToolType]
internal sealed class VerificationTools(IVerificationService verifier)
{
    [McpServerTool(Name = "verify_code", Title = "Verify code by running its tests", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description(
        "Runs the given tests against the given source files in an isolated sandbox (no network, no secrets) and returns whether " +
        "the code is verified, a trust score from 0 to 1, the failing tests with their messages, and the findings of the static " +
        "checks. Nothing the code prints is trusted: the verdict comes from the harness's own test report. Test-side files " +
        "(conftest.py, runner configuration, Directory.Build.*) among `files` are a finding unless listed in `trustedFiles`.")]
    public async Task<CodeVerification> VerifyCodeAsync(
        [Description("python, javascript or csharp.")] string language,
        [Description("The solution's source files: relative path → file content, e.g. {\"calc.py\": \"def add(a, b): ...\"}.")] Dictionary<string, string> files,
        [Description("The test files: relative path → content (pytest files named test_*.py, node:test files *.test.js, xUnit classes for C#).")] Dictionary<string, string> tests,
        [Description("Paths among `files` that are deliberate test infrastructure (e.g. a conftest.py you wrote), so they are not a finding.")] string[]? trustedFiles = null,
        [Description("How long the tests may run, in seconds; the server's default when omitted.")] int? timeoutSeconds = null,
        CancellationToken cancellationToken = default)
    {
        VerificationResult result;
        try
        {
            result = await verifier.VerifyAsync(new VerificationRequest(language, files, tests, null, timeoutSeconds, trustedFiles), cancellationToken);
        }
        catch (InvalidVerificationRequestException ex)
        {
            throw new McpException(string.Join(" ", ex.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), ex);
        }
        catch (SandboxUnavailableException ex)
        {
            throw new McpException($"Code cannot be run safely here: {ex.Message}", ex);
        }
        return new CodeVerification(
            result.Verified,
            result.TrustScore,
            result.Tampered,
            result.Tests.Passed,
            result.Tests.Failed + result.Tests.Errors,
            result.Tests.Failures,
            [.. result.Checkpoints.SelectMany(c => c.Findings)],
            [.. result.Checkpoints.Where(c => !c.Passed).Select(c => c.Name)]);
    }
}
