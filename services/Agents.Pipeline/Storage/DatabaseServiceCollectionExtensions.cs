using Agents.Contracts;
using Agents.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>The <c>ConnectionStrings:agents</c> setting and its readiness check, the same for every host.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>ConnectionStrings:agents</c> at start (exit 2 naming it when unparsable, or when missing
    /// and <paramref name="required"/>); when set, readiness (<c>/health</c>) includes the database answering a query.
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
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ServiceNames.AgentsDatabase)))
        {
            builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres");
        }
        return builder;
    }
}
