using Agents.Contracts;
using Agents.Pipeline.Storage;
using Agents.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>The <c>ConnectionStrings:agents</c> setting and the one PostgreSQL data source behind it, the same for every host.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>ConnectionStrings:agents</c> at start (exit 2 naming it when unparsable, or when missing
    /// and <paramref name="required"/>). When set, registers the host's one <see cref="NpgsqlDataSource"/> (Aspire's
    /// Npgsql integration: pooling, the <c>PostgreSql</c> readiness check in <c>/health</c>, traces and metrics), which
    /// the workflow journal, the artifacts and the events share. Without it nothing of PostgreSQL is registered.
    /// </summary>
    public static IHostApplicationBuilder AddAgentsDatabase(this IHostApplicationBuilder builder, bool required)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DatabaseOptions>()
            .Configure(o =>
            {
                o.ConnectionString = builder.Configuration.GetConnectionString(ServiceNames.AgentsDatabase);
                o.Required = required;
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        builder.AddAgentsDataSource();
        return builder;
    }

    /// <summary>
    /// Registers the shared data source once when <c>ConnectionStrings:agents</c> is set, and says whether it is. The
    /// connection string is parsed only when the data source is first resolved, after the start-up validation
    /// (<see cref="DatabaseOptionsValidator"/>) has refused a malformed one naming the setting.
    /// </summary>
    internal static bool AddAgentsDataSource(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ServiceNames.AgentsDatabase)))
        {
            return false;
        }
        if (!builder.Services.Any(d => d.ServiceType == typeof(NpgsqlDataSource) && !d.IsKeyedService))
        {
            builder.AddNpgsqlDataSource(
                ServiceNames.AgentsDatabase,
                configureDataSourceBuilder: dataSource => PostgresJournalSettings.Apply(dataSource.ConnectionStringBuilder));
        }
        return true;
    }
}
