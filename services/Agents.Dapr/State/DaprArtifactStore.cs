using System.Text.Json;
using Agents.Pipeline.Storage;

namespace Agents.Dapr.State;

/// <summary>
/// The pipeline's <see cref="IArtifactStore"/> on the Dapr state store, under <c>artifacts/{run}/{step}-{attempt}</c>.
/// Artifacts are stored as JSON values (not as strings wrapping JSON), so the store shows them as they are.
/// </summary>
internal sealed class DaprArtifactStore(DaprStateStore state) : IArtifactStore
{
    public async Task PutAsync(string key, string json, CancellationToken cancellationToken)
    {
        var stateKey = KeyOf(key);
        // First write wins, as in the file and PostgreSQL stores: a step re-run after a crash keeps what it stored
        // first. Check-then-write is not atomic; two first writes racing on one key (the same activity running twice
        // at once) would end with the later one, which is the window the other stores close and this one does not.
        var existing = await state.GetAsync<JsonElement>(stateKey, cancellationToken).ConfigureAwait(false);
        if (existing.ValueKind != JsonValueKind.Undefined)
        {
            return;
        }
        await state.SaveAsync(stateKey, JsonPayloads.Parse(json), cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken) =>
        JsonPayloads.ToSerialized(await state.GetAsync<JsonElement>(KeyOf(key), cancellationToken).ConfigureAwait(false));

    private static string KeyOf(string key) =>
        ArtifactKeys.IsValid(key) ? StateKeys.Artifact(key) : throw new ArgumentException($"'{key}' is not an artifact key.", nameof(key));
}
