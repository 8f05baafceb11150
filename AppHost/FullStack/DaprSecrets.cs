namespace Agents.Deployment;

/// <summary>
/// Environment for the Dapr sidecars, read by the component YAML through <c>envRef</c>: what the pub/sub
/// component needs (every sidecar) and what the state store needs (only the sidecars in its scope).
/// Values are Aspire value providers (parameters, reference expressions), resolved when daprd starts.
/// </summary>
internal sealed record DaprSecrets(IReadOnlyDictionary<string, object> PubSub, IReadOnlyDictionary<string, object> StateStore);
