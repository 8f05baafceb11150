using System.Runtime.Versioning;
using Agents.Contracts;
using Agents.Sandbox.Analysis;
using Agents.Sandbox.Isolation;
using Agents.Sandbox.Toolchains;
using Agents.Sandbox.Workspaces;
using Microsoft.Extensions.Options;

namespace Agents.Sandbox;

/// <summary>
/// The in-process verifier: validates the request, materialises a workspace, runs the language's analysers and
/// tests in the sandbox, and assembles the checkpoints, <c>verified</c> and the trust score.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class VerificationService(
    IEnumerable<IToolchain> toolchains,
    SandboxRunner runner,
    SandboxSlots slots,
    IOptions<SandboxOptions> options) : IVerificationService
{
    private readonly Dictionary<string, IToolchain> _toolchains = toolchains.ToDictionary(t => t.Language, StringComparer.OrdinalIgnoreCase);
    private readonly SandboxOptions _options = options.Value;

    public async Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        var errors = VerificationRequestValidator.Validate(request, _options);
        if (errors.Count > 0)
        {
            throw new InvalidVerificationRequestException(errors);
        }
        await runner.EnsureAvailableAsync(cancellationToken).ConfigureAwait(false);

        var language = request.Language.ToLowerInvariant();
        var toolchain = _toolchains[language];
        var tests = request.Tests ?? new Dictionary<string, string>();
        var contents = request.Files.Concat(tests).ToDictionary(f => f.Key, f => f.Value ?? "", StringComparer.Ordinal);

        using var lease = await slots.AcquireAsync(cancellationToken).ConfigureAwait(false);
        using var workspace = Workspace.Create(runner.WorkspaceRoot, contents, _options);
        var context = new VerificationContext(
            workspace,
            lease.Slot,
            TimeSpan.FromSeconds(request.TimeoutSeconds ?? _options.DefaultTimeoutSeconds),
            [.. request.Files.Keys.Where(toolchain.IsSource)],
            [.. tests.Keys.Where(toolchain.IsSource)],
            contents,
            request.Files.Keys.Any(f => TestSideFiles.Rule(f) is not null && !(request.TrustedFiles ?? []).Contains(f)));

        var analysis = await toolchain.AnalyzeAsync(context, cancellationToken).ConfigureAwait(false);
        var syntax = new VerificationCheckpoint(CheckpointNames.Syntax, analysis.SyntaxErrors.Count == 0, analysis.Proof, analysis.SyntaxErrors);

        var (claimFindings, claimsVerified) = ClaimChecker.Check(request.Claims ?? [], analysis, contents, language);
        var claimsProof = analysis.Proof with { OutputExcerpt = $"{claimsVerified} of {claimFindings.Count} claim(s) verified on the syntax tree" };
        var claims = new VerificationCheckpoint(CheckpointNames.Claims, claimsVerified == claimFindings.Count, claimsProof, claimFindings);

        var trusted = (request.TrustedFiles ?? []).ToHashSet(StringComparer.Ordinal);
        var securityFindings = analysis.SecurityFindings
            .Concat(request.Files.SelectMany(f => SecretScanner.Scan(f.Key, f.Value ?? "")))
            .Concat(TestSideFindings(request.Files.Keys, trusted))
            .ToList();
        var security = new VerificationCheckpoint(
            CheckpointNames.Security,
            analysis.Symbols is not null && !securityFindings.Any(IsHigh),
            analysis.Proof with { OutputExcerpt = $"{securityFindings.Count} finding(s): " + string.Join("; ", securityFindings.Select(f => $"{f.File}:{f.Line} {f.Rule} ({f.Severity})")) },
            securityFindings);

        var (testsCheckpoint, summary, tampered, crossed) = await RunTestsAsync(toolchain, context, analysis, syntax.Passed, cancellationToken).ConfigureAwait(false);

        var checkpoints = new[] { syntax, claims, security, testsCheckpoint };
        var verified = !tampered && syntax.Passed && testsCheckpoint.Passed && !checkpoints.SelectMany(c => c.Findings).Any(IsHigh);
        // A tampered run proves nothing about the code, not even partly: its trust is 0.
        var score = tampered ? 0 : TrustScore.Compute(syntax.Passed, summary, claimsVerified, claimFindings.Count, securityFindings, verified);
        if (!crossed)
        {
            score = Math.Min(score, TrustScore.SharedProcessCap);
        }
        return new VerificationResult(verified, score, checkpoints, summary, runner.Mode, tampered);
    }

    /// <summary>A high finding for every test-side file among the files under verification that is not trusted.</summary>
    private static IEnumerable<VerificationFinding> TestSideFindings(IEnumerable<string> files, HashSet<string> trusted) =>
        files
            .Where(f => !trusted.Contains(f))
            .Select(f => (File: f, Rule: TestSideFiles.Rule(f)))
            .Where(f => f.Rule is not null)
            .Select(f => new VerificationFinding(
                f.File, 0, "test-side-file", FindingSeverities.High,
                $"{f.File} is a test-side file ({f.Rule}): only tests and trusted test infrastructure may bring it; list it in trustedFiles if it is."));

    private static async Task<(VerificationCheckpoint Checkpoint, TestSummary Summary, bool Tampered, bool Crossed)> RunTestsAsync(
        IToolchain toolchain, VerificationContext context, StaticAnalysis analysis, bool syntaxPassed, CancellationToken cancellationToken)
    {
        var none = new TestSummary(0, 0, 0, 0, []);
        if (context.TestFiles.Count == 0)
        {
            return (NotRun("no tests were given: nothing is believed without tests"), none, false, false);
        }
        if (!syntaxPassed)
        {
            // Running tests against code that does not parse proves nothing and costs a sandbox run.
            return (NotRun("not run: the code has syntax errors"), none, false, false);
        }

        var run = await toolchain.RunTestsAsync(context, analysis, cancellationToken).ConfigureAwait(false);
        if (run.Tampered is { } reason)
        {
            return (
                new VerificationCheckpoint(CheckpointNames.Tests, false, run.Proof, [new VerificationFinding("", 0, "tampered", FindingSeverities.High, $"The test run was tampered with: {reason}.")]),
                new TestSummary(0, 0, 1, 0, [new TestFailure("(test run)", $"tampered: {reason}")]),
                true,
                false);
        }
        if (run.Summary is not { } summary)
        {
            // No readable report: one error, reported as the run's problem rather than as a failed test.
            var problem = run.Problem ?? "no report";
            return (
                new VerificationCheckpoint(CheckpointNames.Tests, false, run.Proof, [new VerificationFinding("", 0, "test-run-failed", FindingSeverities.High, problem)]),
                new TestSummary(0, 0, 1, 0, [new TestFailure("(test run)", problem)]),
                false,
                false);
        }
        var findings = summary.Failures
            .Select(f => new VerificationFinding("", 0, "test-failed", FindingSeverities.High, $"{f.Name}: {f.Message}"))
            .ToList();
        return (new VerificationCheckpoint(CheckpointNames.Tests, summary is { Failed: 0, Errors: 0, Passed: > 0 }, run.Proof, findings), summary, false, run.ValuesCrossedBoundary);

        static VerificationCheckpoint NotRun(string why) =>
            new(CheckpointNames.Tests, false, new CheckpointProof("(not run)", CommandResult.KilledExitCode, 0, why), [new VerificationFinding("", 0, "tests-not-run", FindingSeverities.Info, why)]);
    }

    private static bool IsHigh(VerificationFinding finding) => string.Equals(finding.Severity, FindingSeverities.High, StringComparison.Ordinal);
}
