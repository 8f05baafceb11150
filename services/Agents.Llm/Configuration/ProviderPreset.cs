namespace Agents.Llm.Configuration;

/// <summary>Defaults for a known OpenAI-compatible service.</summary>
/// <param name="Name">The preset name used in configuration.</param>
/// <param name="Endpoint">The API root (…/v1), or null when it must be configured.</param>
/// <param name="ApiKeyEnv">The environment variable conventionally holding the key; null when the service needs none.</param>
/// <param name="DefaultModel">A model to use when the configuration lists none.</param>
/// <param name="System">The <c>gen_ai.provider.name</c> reported in telemetry.</param>
public sealed record ProviderPreset(string Name, string? Endpoint, string? ApiKeyEnv, string? DefaultModel, string System);
