namespace Agents.Llm.Configuration;

/// <summary>Fills in what configuration leaves out: the Aspire connection, a local Ollama, the default chain.</summary>
internal static class LlmOptionsDefaults
{
    /// <summary>The provider name given to <c>ConnectionStrings:llm</c>.</summary>
    public const string ConnectionProviderName = Agents.Contracts.ServiceNames.LlmConnection;

    public static void Apply(LlmOptions options, string? connectionString)
    {
        if (!string.IsNullOrWhiteSpace(connectionString) && !options.Providers.ContainsKey(ConnectionProviderName))
        {
            if (AspireLlmConnection.TryParse(connectionString, out var connection, out var error))
            {
                options.Providers[ConnectionProviderName] = new ProviderOptions
                {
                    Preset = ProviderPresets.Ollama,
                    Endpoint = connection!.Endpoint.AbsoluteUri,
                    Models = [connection.Model],
                };
            }
            else
            {
                options.ConnectionStringError = error;
            }
        }

        if (options.Providers.Count == 0)
        {
            options.Providers[ProviderPresets.Ollama] = new ProviderOptions { Preset = ProviderPresets.Ollama };
        }

        if (options.Default.Count == 0)
        {
            if (options.Providers.ContainsKey(ConnectionProviderName))
            {
                options.Default.Add(ConnectionProviderName);
            }
            else if (options.Providers.Count == 1)
            {
                options.Default.Add(options.Providers.Keys.Single());
            }
        }
    }
}
