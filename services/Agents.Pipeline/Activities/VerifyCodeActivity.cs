using Agents.Contracts;
using Agents.Pipeline.Hosting;
using Agents.Pipeline.Storage;
using Agents.Sandbox;
using Dapr.Workflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agents.Pipeline.Activities;

/// <summary>
/// Verifies and tests one iteration's code in the sandbox: syntax, claims, security, then the independent tests. The
/// full result (every checkpoint with its proof) is stored; the workflow gets the verdict and the key. A coder answer
/// with a test-side file is refused without running (<see cref="TestSideRefusal"/>).
/// </summary>
internal sealed partial class VerifyCodeActivity(
    IVerificationService verifier, IArtifactStore store, StepEvents events, IOptions<PipelineOptions> options, PipelineRuntime runtime, ILogger<VerifyCodeActivity> log)
    : WorkflowActivity<VerifyRequest, VerifyStepResult>
{
    public override async Task<VerifyStepResult> RunAsync(WorkflowActivityContext context, VerifyRequest input)
    {
        var key = ArtifactKeys.For(input.RunId, PipelineSteps.Verify, input.Iteration);
        await events.StartedAsync(input.RunId, PipelineSteps.Verify, input.Iteration).ConfigureAwait(false);
        var result = await store.GetAsync<VerificationResult>(key, CancellationToken.None).ConfigureAwait(false);
        if (result is null)
        {
            var files = await store.GetRequiredAsync<LlmArtifact<FilesView>>(input.FilesKey, CancellationToken.None).ConfigureAwait(false);
            var tests = await store.GetRequiredAsync<LlmArtifact<TestDesign>>(input.TestsKey, CancellationToken.None).ConfigureAwait(false);
            var refusals = TestSideRefusal.Findings(files.Value.Files.Select(f => f.Path), [.. tests.Value.Files.Select(f => f.Path)]);
            if (refusals.Count > 0)
            {
                result = TestSideRefusal.Result(refusals);
            }
            else
            {
                var request = new VerificationRequest(
                    input.Language,
                    files.Value.Files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal),
                    tests.Value.Files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal),
                    files.Value.Claims,
                    options.Value.TestTimeoutSeconds);
                // Cancelled on shutdown, so the process exits in seconds instead of waiting out a test run; the step
                // runs again after the restart.
                using var running = runtime.EnterActivity();
                using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, runtime.Stopping);
                try
                {
                    result = await verifier.VerifyAsync(request, stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (runtime.Stopping.IsCancellationRequested)
                {
                    LogStoppedByShutdown(log, input.RunId);
                    throw;
                }
                catch (InvalidVerificationRequestException ex)
                {
                    // E.g. a file and a folder with the same path: the models' answers cannot be run as given.
                    return new VerifyStepResult(key, false, 0, 0, 0, "", ex.Message);
                }
            }
            await store.PutAsync(key, result, CancellationToken.None).ConfigureAwait(false);
        }
        var summary = Summary(result);
        await events.CompletedAsync(input.RunId, PipelineSteps.Verify, input.Iteration, summary, key).ConfigureAwait(false);
        return new VerifyStepResult(key, result.Verified, result.TrustScore, result.Tests.Passed, result.Tests.Failed + result.Tests.Errors, summary);
    }

    private static string Summary(VerificationResult result)
    {
        if (TestSideRefusal.IsRefusal(result))
        {
            var refused = result.Checkpoints.SelectMany(c => c.Findings).Select(f => f.File);
            return $"refused: {string.Join(", ", refused)} (only the user and the test designer may add or change tests and test-side files)";
        }
        var failed = result.Tests.Failed + result.Tests.Errors;
        return $"{(result.Verified ? "verified" : "not verified")}: {result.Tests.Passed} test(s) passed, {failed} failed; trust {result.TrustScore:0.00}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Activity VerifyCodeActivity of {RunId} was stopped by the shutdown; it runs again after the restart.")]
    private static partial void LogStoppedByShutdown(ILogger logger, string runId);
}
