using Agents.Contracts;
using Dapr.Client;

namespace Agents.Dapr.State;

/// <summary>
/// Typed access to one Dapr state store (default <c>statestore</c>): read and write. Values are JSON through
/// DaprClient's serializer; keys are checked against Dapr's rules first.
/// </summary>
public sealed class DaprStateStore(DaprClient dapr, string storeName = ServiceNames.StateStore)
{
    /// <summary>The value under <paramref name="key"/>, or default when there is none.</summary>
    public async Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default) =>
        await dapr.GetStateAsync<T>(storeName, StateKeys.Validate(key), cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>Writes the value (last write wins).</summary>
    public Task SaveAsync<T>(string key, T value, CancellationToken cancellationToken = default) =>
        dapr.SaveStateAsync(storeName, StateKeys.Validate(key), value, cancellationToken: cancellationToken);
}
