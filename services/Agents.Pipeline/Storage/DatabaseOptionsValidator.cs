using Microsoft.Extensions.Options;
using Npgsql;

namespace Agents.Pipeline.Storage;

/// <summary>
/// Rejects a connection string Npgsql cannot parse, or a missing one where it is required, naming the setting
/// (checked at start-up).
/// </summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!options.IsConfigured)
        {
            return options.Required
                ? ValidateOptionsResult.Fail($"{DatabaseOptions.SettingName} is required: this service keeps its workflow journal, artifacts and events in PostgreSQL.")
                : ValidateOptionsResult.Success;
        }

        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            return string.IsNullOrWhiteSpace(parsed.Host)
                ? ValidateOptionsResult.Fail($"{DatabaseOptions.SettingName} has no Host.")
                : ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            // Npgsql's message names the bad keyword; the connection string itself may hold a password,
            // so it is never echoed.
            return ValidateOptionsResult.Fail($"{DatabaseOptions.SettingName} is not a valid PostgreSQL connection string: {ex.Message}");
        }
    }
}
