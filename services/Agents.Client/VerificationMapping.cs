using Google.Protobuf.Collections;
using Contracts = Agents.Contracts;
using V1 = Agents.Grpc.V1;

namespace Agents.Client;

/// <summary>The verification messages to and from the JSON contracts' records, field for field.</summary>
public static class VerificationMapping
{
    public static Contracts.VerificationRequest ToContract(this V1.VerifyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Contracts.VerificationRequest(
            request.Language,
            new Dictionary<string, string>(request.Files, StringComparer.Ordinal),
            request.Tests.Count == 0 ? null : new Dictionary<string, string>(request.Tests, StringComparer.Ordinal),
            request.Claims.Count == 0 ? null : [.. request.Claims.Select(ToContract)],
            request.HasTimeoutSeconds ? request.TimeoutSeconds : null,
            request.TrustedFiles.Count == 0 ? null : [.. request.TrustedFiles]);
    }

    public static V1.VerifyRequest ToProto(this Contracts.VerificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new V1.VerifyRequest { Language = request.Language ?? "" };
        AddAll(message.Files, request.Files);
        AddAll(message.Tests, request.Tests);
        message.Claims.AddRange((request.Claims ?? []).Select(ToProto));
        if (request.TimeoutSeconds is { } timeout)
        {
            message.TimeoutSeconds = timeout;
        }
        message.TrustedFiles.AddRange(request.TrustedFiles ?? []);
        return message;
    }

    public static Contracts.CodeClaim ToContract(this V1.CodeClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return new Contracts.CodeClaim(claim.Kind, claim.Name, claim.HasFile ? claim.File : null);
    }

    public static V1.CodeClaim ToProto(this Contracts.CodeClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var message = new V1.CodeClaim { Kind = claim.Kind ?? "", Name = claim.Name ?? "" };
        if (claim.File is not null)
        {
            message.File = claim.File;
        }
        return message;
    }

    public static V1.VerificationResult ToProto(this Contracts.VerificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var message = new V1.VerificationResult
        {
            Verified = result.Verified,
            TrustScore = result.TrustScore,
            Tests = result.Tests.ToProto(),
            Isolation = result.Isolation,
            Tampered = result.Tampered,
        };
        message.Checkpoints.AddRange(result.Checkpoints.Select(ToProto));
        return message;
    }

    public static Contracts.VerificationResult ToContract(this V1.VerificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new Contracts.VerificationResult(
            result.Verified, result.TrustScore, [.. result.Checkpoints.Select(ToContract)], (result.Tests ?? new V1.TestSummary()).ToContract(), result.Isolation, result.Tampered);
    }

    public static V1.VerificationCheckpoint ToProto(this Contracts.VerificationCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var message = new V1.VerificationCheckpoint
        {
            Name = checkpoint.Name,
            Passed = checkpoint.Passed,
            Proof = new V1.CheckpointProof
            {
                Command = checkpoint.Proof.Command,
                ExitCode = checkpoint.Proof.ExitCode,
                DurationMs = checkpoint.Proof.DurationMs,
                OutputExcerpt = checkpoint.Proof.OutputExcerpt,
            },
        };
        message.Findings.AddRange(checkpoint.Findings.Select(f => new V1.VerificationFinding
        {
            File = f.File, Line = f.Line, Rule = f.Rule, Severity = f.Severity, Message = f.Message,
        }));
        return message;
    }

    public static Contracts.VerificationCheckpoint ToContract(this V1.VerificationCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var proof = checkpoint.Proof ?? new V1.CheckpointProof();
        return new Contracts.VerificationCheckpoint(
            checkpoint.Name,
            checkpoint.Passed,
            new Contracts.CheckpointProof(proof.Command, proof.ExitCode, proof.DurationMs, proof.OutputExcerpt),
            [.. checkpoint.Findings.Select(f => new Contracts.VerificationFinding(f.File, f.Line, f.Rule, f.Severity, f.Message))]);
    }

    public static V1.TestSummary ToProto(this Contracts.TestSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var message = new V1.TestSummary { Passed = summary.Passed, Failed = summary.Failed, Errors = summary.Errors, Skipped = summary.Skipped };
        message.Failures.AddRange(summary.Failures.Select(f => new V1.TestFailure { Name = f.Name, Message = f.Message }));
        message.PassedTests.AddRange(summary.PassedTests ?? []);
        return message;
    }

    public static Contracts.TestSummary ToContract(this V1.TestSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new Contracts.TestSummary(
            summary.Passed, summary.Failed, summary.Errors, summary.Skipped, [.. summary.Failures.Select(f => new Contracts.TestFailure(f.Name, f.Message))],
            [.. summary.PassedTests]);
    }

    private static void AddAll(MapField<string, string> target, IReadOnlyDictionary<string, string>? source)
    {
        foreach (var (key, value) in source ?? new Dictionary<string, string>())
        {
            target[key] = value;
        }
    }
}
