using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Agents.Contracts;
using Agents.Llm;
using Agents.Llm.Structured;
using Agents.Pipeline.Llm;
using Agents.Pipeline.Storage;
using Microsoft.Extensions.AI;

namespace Agents.Pipeline.Activities;

/// <summary>
/// The shape every LLM activity shares. Idempotent by key (run, step, attempt): when the artifact exists the stored
/// answer is returned and the model is not asked again. This is what keeps a completed LLM call from being repeated
/// when the runtime re-runs an activity after a crash (activities are at-least-once).
/// </summary>
internal sealed class LlmStep(StructuredLlm llm, IArtifactStore store, StepEvents events)
{
    public IArtifactStore Store => store;

    public async Task<LlmStepResult> RunAsync<T>(
        string runId, string step, int attempt, LlmRole role, string schemaName, JsonTypeInfo<T> typeInfo, JsonElement schema,
        Func<Task<IList<ChatMessage>>> messages, Func<T, string?> validate, Func<T, LlmStepResult, LlmStepResult> describe)
        where T : class
    {
        var key = ArtifactKeys.For(runId, step, attempt);
        var roleName = StructuredLlm.RoleName(role);
        await events.StartedAsync(runId, step, attempt).ConfigureAwait(false);
        var stored = await store.GetAsync<LlmArtifact<T>>(key, CancellationToken.None).ConfigureAwait(false);
        if (stored is null)
        {
            try
            {
                var (value, usage) = await llm.AskAsync(role, key, await messages().ConfigureAwait(false), schemaName, typeInfo, schema, validate).ConfigureAwait(false);
                stored = new LlmArtifact<T>(value, roleName, usage);
            }
            catch (StructuredOutputException ex)
            {
                // Not transient: the model answered, just not usefully, after bounded re-asks. Fail the run with the reason.
                return new LlmStepResult(key, roleName, UsageTotals.Zero, "", $"The {roleName} gave no usable '{schemaName}' answer: {ex.Message}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException && FailureChain.Describe(ex) is var described && described != ex.Message)
            {
                // The runtime keeps only the message of what an activity threw, and a failure that wraps others (a
                // provider skipped because its circuit opened) says nothing of what caused it: name the whole chain.
                throw new LlmStepFailedException(described, ex);
            }
            await store.PutAsync(key, stored, CancellationToken.None).ConfigureAwait(false);
        }
        var result = describe(stored.Value, new LlmStepResult(key, stored.Role, stored.Usage, ""));
        await events.CompletedAsync(runId, step, attempt, result.Summary, key).ConfigureAwait(false);
        return result;
    }
}
