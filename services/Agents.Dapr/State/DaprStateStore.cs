using Agents.Contracts;
using Agents.Dapr.Mapping;
using Dapr.Client;

namespace Agents.Dapr.State;

/// <summary>
/// Typed access to one Dapr state store (default <c>statestore</c>): read, write, and optimistic write with an
/// ETag. Values are JSON through DaprClient's serializer; keys are checked against Dapr's rules first.
/// </summary>
public sealed class DaprStateStore(DaprClient dapr, string storeName = ServiceNames.StateStore)
{
    /// <summary>The Dapr state store component.</summary>
    public string StoreName => storeName;

    /// <summary>The value under <paramref name="key"/>, or default when there is none.</summary>
    public async Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default) =>
        await dapr.GetStateAsync<T>(storeName, StateKeys.Validate(key), cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>The value and its ETag, for a later <see cref="TrySaveAsync{T}"/>.</summary>
    public async Task<(T? Value, string ETag)> GetWithETagAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        var (value, etag) = await dapr.GetStateAndETagAsync<T>(storeName, StateKeys.Validate(key), cancellationToken: cancellationToken).ConfigureAwait(false);
        return (value, etag);
    }

    /// <summary>Writes the value (last write wins).</summary>
    public Task SaveAsync<T>(string key, T value, CancellationToken cancellationToken = default) =>
        dapr.SaveStateAsync(storeName, StateKeys.Validate(key), value, cancellationToken: cancellationToken);

    /// <summary>Writes the value only if the stored ETag is still <paramref name="etag"/>; false when it changed.</summary>
    public Task<bool> TrySaveAsync<T>(string key, T value, string etag, CancellationToken cancellationToken = default) =>
        dapr.TrySaveStateAsync(storeName, StateKeys.Validate(key), value, etag, cancellationToken: cancellationToken);
}
