using Agents.Contracts;
using Agents.Pipeline.Activities;
using Agents.Pipeline.Events;
using Agents.Pipeline.Hosting;
using Agents.Pipeline.Storage;
using Agents.Pipeline.Workflows;
using Dapr.Workflow;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Agents.Pipeline;

/// <summary>What the API does with runs: start, read (state plus stored artifacts), list, approve, terminate.</summary>
public sealed class PipelineRuns(
    PipelineRuntimeClient workflows, IArtifactStore store, IPipelineEventPublisher publisher, PipelineRuntime runtime, IOptions<PipelineOptions> options, TimeProvider time)
    : IPipelineRunStatus, IDisposable
{
    /// <summary>How much of finished runs is kept assembled in memory, in KiB of their text (code, tests, proof output).</summary>
    internal const int FinishedRunsKiB = 32 * 1024;

    // A finished run never changes (its final state is in the journal, its artifacts are written once), yet it is what
    // clients poll most and the page shows. Reading it means the journal's state, its JSON and one artifact per step
    // and iteration, each time: finished runs are assembled once and answered from memory. Nothing removes a run from
    // the journal or the store; if something ever does, it must also drop the run from here.
    private readonly MemoryCache _finished = new(new MemoryCacheOptions { SizeLimit = FinishedRunsKiB });

    public string? Problem => runtime.Problem;

    public PipelineOptions Options => options.Value;

    /// <summary>Schedules a run of a validated request; returns its id.</summary>
    public async Task<string> StartAsync(PipelineRequest request, CancellationToken cancellationToken)
    {
        var input = PipelineRequestValidator.ToInput(request, options.Value);
        var id = Guid.NewGuid().ToString("N");
        var client = await workflows.GetAsync(cancellationToken).ConfigureAwait(false);
        await client.ScheduleNewWorkflowAsync(nameof(FullSdlcWorkflow), id, input, startTime: null, cancellation: cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>The run with its plan, files, tests and each iteration's checkpoints; null for an unknown id.</summary>
    public async Task<PipelineRun?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (_finished.TryGetValue(id, out PipelineRun? finished))
        {
            return finished;
        }
        if (await FindAsync(id, cancellationToken).ConfigureAwait(false) is not { State: var state })
        {
            return null;
        }
        var input = state.ReadInputAs<PipelineInput>() ?? new PipelineInput("", "", 0, ApprovalModes.None, 0);
        var snapshot = SnapshotOf(state);
        var plan = snapshot.PlanKey is { } planKey ? (await store.GetAsync<LlmArtifact<PipelinePlan>>(planKey, cancellationToken).ConfigureAwait(false))?.Value : null;
        var tests = snapshot.TestsKey is { } testsKey ? (await store.GetAsync<LlmArtifact<TestDesign>>(testsKey, cancellationToken).ConfigureAwait(false))?.Value.Files : null;
        var files = snapshot.FilesKey is { } filesKey ? (await store.GetAsync<LlmArtifact<FilesView>>(filesKey, cancellationToken).ConfigureAwait(false))?.Value.Files : null;
        var complete = (snapshot.PlanKey is null || plan is not null) && (snapshot.TestsKey is null || tests is not null) && (snapshot.FilesKey is null || files is not null);
        var iterations = new List<PipelineRunIteration>();
        foreach (var iteration in snapshot.Iterations)
        {
            var verification = await store.GetAsync<VerificationResult>(iteration.VerificationKey, cancellationToken).ConfigureAwait(false);
            complete &= verification is not null;
            iterations.Add(new PipelineRunIteration(
                iteration.Number, iteration.Resolution, iteration.Verified, iteration.TrustScore, verification?.Tests, verification?.Checkpoints ?? [], iteration.Disputes));
        }
        var run = new PipelineRun(
            id, snapshot.Status, snapshot.Step, snapshot.Iteration, input.Requirements, input.Language, input.MaxIterations, input.Approval,
            state.CreatedAt, state.LastUpdatedAt, plan, tests ?? [], files ?? [], iterations, snapshot.TrustScore, snapshot.Usage, snapshot.Reason);
        if (state.IsWorkflowCompleted && complete)
        {
            // Once full, the cache drops its least recently read runs; a run not kept is read from storage as before.
            _finished.Set(id, run, new MemoryCacheEntryOptions { Size = SizeInKiB(run) });
        }
        return run;
    }

    /// <summary>Runs, in the order they were started (the runtime's listing order).</summary>
    public async Task<PipelineRunPage> ListAsync(int pageSize, string? next, CancellationToken cancellationToken)
    {
        var client = await workflows.GetAsync(cancellationToken).ConfigureAwait(false);
        var page = await client.ListInstanceIdsAsync(next, pageSize, cancellationToken).ConfigureAwait(false);
        var runs = new List<PipelineRunSummary>();
        foreach (var instanceId in page.InstanceIds)
        {
            // Listing gives ids only; the requirements and language are in the input.
            var state = await client.GetWorkflowStateAsync(instanceId, true, cancellationToken).ConfigureAwait(false);
            if (!state.Exists || !string.Equals(state.WorkflowName, nameof(FullSdlcWorkflow), StringComparison.Ordinal))
            {
                continue;
            }
            var input = state.ReadInputAs<PipelineInput>();
            var snapshot = SnapshotOf(state);
            var requirements = input?.Requirements ?? "";
            runs.Add(new PipelineRunSummary(
                instanceId, snapshot.Status, snapshot.Step, input?.Language ?? "", requirements.Length > 200 ? requirements[..200] + "…" : requirements, state.CreatedAt, state.LastUpdatedAt));
        }
        return new PipelineRunPage(runs, page.ContinuationToken);
    }

    /// <summary>Delivers a decision to a run waiting at the approval gate.</summary>
    public async Task<RunCommandOutcome> ApproveAsync(string id, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken).ConfigureAwait(false) is not { State: var state })
        {
            return RunCommandOutcome.NotFound;
        }
        var snapshot = SnapshotOf(state);
        if (snapshot.Status != PipelineStatuses.WaitingForApproval)
        {
            return RunCommandOutcome.Conflict;
        }
        var client = await workflows.GetAsync(cancellationToken).ConfigureAwait(false);
        await client.RaiseEventAsync(id, PipelineLimits.ApprovalEventName(snapshot.PlanAttempt), decision, cancellationToken).ConfigureAwait(false);
        return RunCommandOutcome.Accepted;
    }

    /// <summary>Stops an unfinished run and publishes its last event.</summary>
    public async Task<RunCommandOutcome> TerminateAsync(string id, string? reason, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken).ConfigureAwait(false) is not { State: var state })
        {
            return RunCommandOutcome.NotFound;
        }
        if (state.IsWorkflowCompleted)
        {
            return RunCommandOutcome.Conflict;
        }
        var why = string.IsNullOrWhiteSpace(reason) ? "Terminated on request." : reason.Trim();
        var client = await workflows.GetAsync(cancellationToken).ConfigureAwait(false);
        await client.TerminateWorkflowAsync(id, why, cancellationToken).ConfigureAwait(false);
        var eventId = StepEvents.Id(id, "terminate", 1, "published");
        await publisher.PublishAsync(new PipelineTerminatedEvent(eventId, id, time.GetUtcNow(), why), cancellationToken).ConfigureAwait(false);
        return RunCommandOutcome.Accepted;
    }

    /// <summary>True once the run has ended (also when it ended without publishing a final event).</summary>
    public async Task<bool> IsFinishedAsync(string id, CancellationToken cancellationToken)
    {
        var client = await workflows.GetAsync(cancellationToken).ConfigureAwait(false);
        return (await client.GetWorkflowStateAsync(id, false, cancellationToken).ConfigureAwait(false)).IsWorkflowCompleted;
    }

    public void Dispose() => _finished.Dispose();

    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken).ConfigureAwait(false) is not null;

    private async Task<(string Id, WorkflowState State)?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!ArtifactKeys.IsValidRunId(id))
        {
            return null;
        }
        var client = await workflows.GetAsync(cancellationToken).ConfigureAwait(false);
        var state = await client.GetWorkflowStateAsync(id, true, cancellationToken).ConfigureAwait(false);
        return state.Exists && string.Equals(state.WorkflowName, nameof(FullSdlcWorkflow), StringComparison.Ordinal) ? (id, state) : null;
    }

    private static long SizeInKiB(PipelineRun run) =>
        1 + (run.Files.Sum(f => (long)f.Content.Length) + run.Tests.Sum(f => (long)f.Content.Length)
            + run.Iterations.Sum(i => i.Checkpoints.Sum(c => (long)c.Proof.OutputExcerpt.Length))) / 1024;

    /// <summary>The pipeline's view of the runtime state: its own snapshot, with the runtime's word for how it ended.</summary>
    private static PipelineSnapshot SnapshotOf(WorkflowState state)
    {
        var current = state.ReadCustomStatusAs<PipelineSnapshot>() ?? PipelineSnapshot.Start;
        return state.RuntimeStatus switch
        {
            WorkflowRuntimeStatus.Pending => current with { Status = PipelineStatuses.Pending },
            WorkflowRuntimeStatus.Completed => state.ReadOutputAs<PipelineSnapshot>() ?? current,
            WorkflowRuntimeStatus.Failed => current with { Status = PipelineStatuses.Failed, Reason = state.FailureDetails?.ErrorMessage ?? "The workflow failed." },
            WorkflowRuntimeStatus.Terminated or WorkflowRuntimeStatus.Canceled => current with { Status = PipelineStatuses.Terminated, Reason = ReadReason(state) },
            _ => current,
        };
    }

    private static string ReadReason(WorkflowState state)
    {
        try
        {
            return state.ReadOutputAs<string>() ?? "Terminated.";
        }
        catch (System.Text.Json.JsonException)
        {
            return "Terminated.";
        }
    }
}

/// <summary>What happened to an approve or terminate request.</summary>
public enum RunCommandOutcome
{
    Accepted,
    NotFound,
    Conflict,
}
