namespace Agents.Dapr.State;

/// <summary>
/// State keys in the Dapr state store. Dapr prefixes keys with the app id and "||" and rejects keys that
/// contain "||" themselves, so that is checked before a call rather than failing in the sidecar.
/// </summary>
internal static class StateKeys
{
    /// <summary>Dapr's separator between the key prefix and the key.</summary>
    public const string DaprSeparator = "||";

    /// <summary>The prefix of artifact keys.</summary>
    public const string ArtifactPrefix = "artifacts/";

    /// <summary>Where an artifact lives in the shared store: <c>artifacts/{artifactKey}</c> (the pipeline's keys are <c>{run}/{step}-{attempt}</c>).</summary>
    public static string Artifact(string artifactKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(artifactKey);
        // The prefix keeps artifacts apart from the workflow and actor state Dapr keeps in the same store.
        return Validate(ArtifactPrefix + artifactKey);
    }

    /// <summary>Returns <paramref name="key"/> when Dapr accepts it; throws otherwise.</summary>
    public static string Validate(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Contains(DaprSeparator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A Dapr state key must not contain '{DaprSeparator}': '{key}'.", nameof(key));
        }
        return key;
    }
}
