using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Agents.Contracts;

namespace Agents.Pipeline.Storage;

/// <summary>How artifacts are serialised: web defaults, contracts through the source-generated context, internal records by reflection.</summary>
internal static class ArtifactJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(AgentsJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static async Task PutAsync<T>(this IArtifactStore store, string key, T value, CancellationToken cancellationToken) =>
        await store.PutAsync(key, JsonSerializer.Serialize(value, Options), cancellationToken).ConfigureAwait(false);

    public static async Task<T?> GetAsync<T>(this IArtifactStore store, string key, CancellationToken cancellationToken) where T : class =>
        await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } json ? JsonSerializer.Deserialize<T>(json, Options) : null;

    /// <summary>Reads <paramref name="key"/> or fails naming it: the workflow only passes keys of stored artifacts.</summary>
    public static async Task<T> GetRequiredAsync<T>(this IArtifactStore store, string key, CancellationToken cancellationToken) where T : class =>
        await store.GetAsync<T>(key, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"Artifact '{key}' is missing.");
}
