using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Contracts = Agents.Contracts;
using V1 = Agents.Grpc.V1;

namespace Agents.Client;

/// <summary>The Workflows messages to and from the JSON contracts' records, field for field.</summary>
public static class WorkflowsMapping
{
    public static Contracts.PipelineRequest ToContract(this V1.StartPipelineRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // proto3 strings are never null: an empty one is what "absent" looks like, and the contract's Required says so.
        return new Contracts.PipelineRequest(
            request.Requirements.Length == 0 ? null : request.Requirements,
            request.Language.Length == 0 ? null : request.Language,
            request.HasMaxIterations ? request.MaxIterations : null,
            request.HasApproval ? request.Approval : null);
    }

    public static V1.StartPipelineRequest ToProto(this Contracts.PipelineRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new V1.StartPipelineRequest { Requirements = request.Requirements ?? "", Language = request.Language ?? "" };
        if (request.MaxIterations is { } iterations)
        {
            message.MaxIterations = iterations;
        }
        if (request.Approval is { } approval)
        {
            message.Approval = approval;
        }
        return message;
    }

    public static V1.PipelineRun ToProto(this Contracts.PipelineRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var message = new V1.PipelineRun
        {
            Id = run.Id,
            Status = run.Status,
            Step = run.Step,
            Iteration = run.Iteration,
            Requirements = run.Requirements,
            Language = run.Language,
            MaxIterations = run.MaxIterations,
            Approval = run.Approval,
            CreatedAt = Timestamp.FromDateTimeOffset(run.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(run.UpdatedAt),
            Plan = run.Plan?.ToProto(),
            TrustScore = run.TrustScore,
            Usage = run.Usage.ToProto(),
        };
        message.Tests.AddRange(run.Tests.Select(ToProto));
        message.Files.AddRange(run.Files.Select(ToProto));
        message.Iterations.AddRange(run.Iterations.Select(ToProto));
        if (run.Reason is not null)
        {
            message.Reason = run.Reason;
        }
        return message;
    }

    public static V1.PipelineRunPage ToProto(this Contracts.PipelineRunPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var message = new V1.PipelineRunPage();
        message.Runs.AddRange(page.Runs.Select(r => new V1.PipelineRunSummary
        {
            Id = r.Id,
            Status = r.Status,
            Step = r.Step,
            Language = r.Language,
            Requirements = r.Requirements,
            CreatedAt = Timestamp.FromDateTimeOffset(r.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(r.UpdatedAt),
        }));
        if (page.Next is not null)
        {
            message.Next = page.Next;
        }
        return message;
    }

    /// <summary>An event with its place in the run's stream (<paramref name="sequence"/>, the SSE id).</summary>
    public static V1.PipelineEvent ToProto(this Contracts.PipelineEvent pipelineEvent, long sequence)
    {
        ArgumentNullException.ThrowIfNull(pipelineEvent);
        var message = new V1.PipelineEvent
        {
            Id = pipelineEvent.Id,
            RunId = pipelineEvent.RunId,
            Timestamp = Timestamp.FromDateTimeOffset(pipelineEvent.Timestamp),
            Sequence = sequence,
        };
        switch (pipelineEvent)
        {
            case Contracts.PipelineStartedEvent e:
                message.PipelineStarted = new V1.PipelineStarted { Language = e.Language, MaxIterations = e.MaxIterations, Approval = e.Approval };
                break;
            case Contracts.StepStartedEvent e:
                message.StepStarted = new V1.StepStarted { Step = e.Step, Attempt = e.Attempt };
                break;
            case Contracts.StepCompletedEvent e:
                message.StepCompleted = new V1.StepCompleted { Step = e.Step, Attempt = e.Attempt, Summary = e.Summary };
                if (e.ArtifactKey is not null)
                {
                    message.StepCompleted.ArtifactKey = e.ArtifactKey;
                }
                break;
            case Contracts.ApprovalRequestedEvent e:
                message.ApprovalRequested = new V1.ApprovalRequested { Attempt = e.Attempt, PlanKey = e.PlanKey };
                break;
            case Contracts.ApprovalReceivedEvent e:
                message.ApprovalReceived = new V1.ApprovalReceived { Attempt = e.Attempt, Approved = e.Approved };
                if (e.Reason is not null)
                {
                    message.ApprovalReceived.Reason = e.Reason;
                }
                break;
            case Contracts.IterationFailedEvent e:
                message.IterationFailed = new V1.IterationFailed { Iteration = e.Iteration, TrustScore = e.TrustScore, TestsFailed = e.TestsFailed, Summary = e.Summary };
                break;
            case Contracts.PipelineCompletedEvent e:
                message.PipelineCompleted = new V1.PipelineCompleted { Iterations = e.Iterations, TrustScore = e.TrustScore, Usage = e.Usage.ToProto() };
                break;
            case Contracts.PipelineFailedEvent e:
                message.PipelineFailed = new V1.PipelineFailed { Reason = e.Reason, Iterations = e.Iterations };
                break;
            case Contracts.PipelineTerminatedEvent e:
                message.PipelineTerminated = new V1.PipelineTerminated { Reason = e.Reason };
                break;
            default:
                // A new event type must be added to the proto's oneof, not dropped silently on this side.
                throw new ArgumentException($"The event type '{pipelineEvent.Type}' has no gRPC message.", nameof(pipelineEvent));
        }
        return message;
    }

    /// <summary>The JSON discriminator of an event (<c>PipelineStarted</c>, …), as the SSE <c>event:</c> line names it.</summary>
    public static string TypeName(this V1.PipelineEvent pipelineEvent)
    {
        ArgumentNullException.ThrowIfNull(pipelineEvent);
        // The oneof's case names are the JSON discriminators.
        return pipelineEvent.BodyCase.ToString();
    }

    /// <summary>The sequence as SSE writes it, for <c>after_event_id</c>.</summary>
    public static string SequenceText(this V1.PipelineEvent pipelineEvent)
    {
        ArgumentNullException.ThrowIfNull(pipelineEvent);
        return pipelineEvent.Sequence.ToString(CultureInfo.InvariantCulture);
    }

    public static V1.UsageTotals ToProto(this Contracts.UsageTotals usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new V1.UsageTotals
        {
            Requests = usage.Requests,
            InputTokens = usage.InputTokens,
            OutputTokens = usage.OutputTokens,
            CostUsd = usage.CostUsd.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static V1.PipelineUsage ToProto(this Contracts.PipelineUsage usage)
    {
        var message = new V1.PipelineUsage { Total = usage.Total.ToProto() };
        foreach (var (role, totals) in usage.ByRole)
        {
            message.ByRole[role] = totals.ToProto();
        }
        return message;
    }

    private static V1.PipelinePlan ToProto(this Contracts.PipelinePlan plan)
    {
        var message = new V1.PipelinePlan { Summary = plan.Summary, TestStrategy = plan.TestStrategy };
        message.Files.AddRange(plan.Files.Select(f => new V1.PlannedFile { Path = f.Path, Purpose = f.Purpose }));
        message.Symbols.AddRange(plan.Symbols.Select(s => s.ToProto()));
        message.Steps.AddRange(plan.Steps);
        return message;
    }

    private static V1.SourceFile ToProto(this Contracts.SourceFile file) => new() { Path = file.Path, Content = file.Content };

    private static V1.PipelineRunIteration ToProto(this Contracts.PipelineRunIteration iteration)
    {
        var message = new V1.PipelineRunIteration
        {
            Number = iteration.Number,
            Resolution = iteration.Resolution,
            Verified = iteration.Verified,
            TrustScore = iteration.TrustScore,
            Tests = iteration.Tests?.ToProto(),
        };
        message.Checkpoints.AddRange(iteration.Checkpoints.Select(c => c.ToProto()));
        message.Disputes.AddRange(iteration.Disputes.Select(d => new V1.DisputeOutcome
        {
            Test = d.Test, Reason = d.Reason, Corrected = d.Corrected, Explanation = d.Explanation,
        }));
        return message;
    }
}
