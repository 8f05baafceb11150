using System.Data.Common;

namespace Agents.Llm.Configuration;

/// <summary>The connection string Aspire passes for an Ollama model resource: <c>Endpoint=http://host:port;Model=name</c>.</summary>
public sealed record AspireLlmConnection(Uri Endpoint, string Model)
{
    public const string SettingName = "ConnectionStrings:" + Agents.Contracts.ServiceNames.LlmConnection;

    /// <summary>Parses the connection string; on failure <paramref name="error"/> names the setting and the problem (never the value, which may hold a key).</summary>
    public static bool TryParse(string connectionString, out AspireLlmConnection? connection, out string? error)
    {
        connection = null;
        DbConnectionStringBuilder parsed;
        try
        {
            parsed = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            error = $"{SettingName} is not a connection string of the form Endpoint=…;Model=….";
            return false;
        }

        if (!parsed.TryGetValue("Endpoint", out var endpointValue) || endpointValue is not string endpointText || string.IsNullOrWhiteSpace(endpointText))
        {
            error = $"{SettingName} has no Endpoint.";
            return false;
        }
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            error = $"{SettingName} has an Endpoint that is not an absolute http(s) URL.";
            return false;
        }
        if (!parsed.TryGetValue("Model", out var modelValue) || modelValue is not string model || string.IsNullOrWhiteSpace(model))
        {
            error = $"{SettingName} has no Model.";
            return false;
        }

        connection = new AspireLlmConnection(endpoint, model);
        error = null;
        return true;
    }
}
