namespace Agents.Llm.Configuration;

/// <summary>Applies presets, reads keys from the environment and checks each provider; shared by validation and the runtime.</summary>
public static class ProviderResolver
{
    /// <summary>Resolves one provider, or returns a message naming it and the setting at fault.</summary>
    public static bool TryResolve(string name, ProviderOptions options, Func<string, string?> environment, out ResolvedProvider? provider, out string? error)
    {
        provider = null;
        var setting = $"{LlmOptions.SectionName}:Providers:{name}";
        var presetName = string.IsNullOrWhiteSpace(options.Preset) ? GuessPreset(name) : options.Preset;
        var preset = ProviderPresets.Find(presetName);
        if (preset is null)
        {
            error = $"{setting}:Preset '{presetName}' is unknown; use one of {string.Join(", ", ProviderPresets.Names)}.";
            return false;
        }

        var endpointText = string.IsNullOrWhiteSpace(options.Endpoint) ? preset.Endpoint : options.Endpoint;
        if (endpointText is null)
        {
            error = $"{setting}:Endpoint is required for preset '{preset.Name}'.";
            return false;
        }
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            error = $"{setting}:Endpoint '{endpointText}' is not an absolute http(s) URL.";
            return false;
        }

        var keyVariable = string.IsNullOrWhiteSpace(options.ApiKeyEnv) ? preset.ApiKeyEnv : options.ApiKeyEnv;
        string? key = null;
        if (keyVariable is not null)
        {
            key = environment(keyVariable);
            if (string.IsNullOrWhiteSpace(key))
            {
                error = $"Provider '{name}' needs an API key: set the environment variable {keyVariable} ({setting}:ApiKeyEnv).";
                return false;
            }
        }

        var models = options.Models.Where(m => !string.IsNullOrWhiteSpace(m)).ToList();
        if (models.Count == 0 && preset.DefaultModel is not null)
        {
            models.Add(preset.DefaultModel);
        }

        if (options.TimeoutSeconds <= 0 || options.MaxRetries < 0 || options.MaxConcurrency < 1 || options.RequestsPerMinute < 0 || options.RetryBaseDelaySeconds < 0 || options.MaxRetryAfterSeconds < 0)
        {
            error = $"{setting}: TimeoutSeconds and MaxConcurrency must be positive; MaxRetries, RetryBaseDelaySeconds, MaxRetryAfterSeconds and RequestsPerMinute must not be negative.";
            return false;
        }
        if (options.CircuitFailureRatio is <= 0 or > 1 || options.CircuitMinimumThroughput < 2 || options.CircuitSamplingSeconds < 0.5 || options.CircuitBreakSeconds < 0.5)
        {
            error = $"{setting}: CircuitFailureRatio must be in (0,1], CircuitMinimumThroughput at least 2, CircuitSamplingSeconds and CircuitBreakSeconds at least 0.5.";
            return false;
        }

        provider = new ResolvedProvider(name, preset.Name, preset.System, WithApiRoot(endpoint), key, models, options);
        error = null;
        return true;
    }

    /// <summary>A provider named like a preset ("groq") needs no Preset setting.</summary>
    private static string GuessPreset(string name) => ProviderPresets.Find(name)?.Name ?? ProviderPresets.OpenAiCompatible;

    /// <summary>
    /// A bare host (as in Aspire's <c>Endpoint=http://localhost:11434</c>) gets the /v1 API root that every
    /// OpenAI-compatible server uses; a trailing slash is added so relative paths join under it.
    /// </summary>
    private static Uri WithApiRoot(Uri endpoint)
    {
        var text = endpoint.AbsoluteUri;
        if (endpoint.AbsolutePath == "/")
        {
            text = text.TrimEnd('/') + "/v1";
        }
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }
}
