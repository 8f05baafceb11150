using Agents.Contracts;
using Microsoft.Extensions.Options;

namespace Agents.Gateway.Infrastructure;

internal static class DatabaseExtensions
{
    /// <summary>Binds and validates <c>ConnectionStrings:agents</c>; when set, readiness includes the database.</summary>
    public static void AddAgentsDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Configure(o => o.ConnectionString = builder.Configuration.GetConnectionString(ServiceNames.AgentsDatabase))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ServiceNames.AgentsDatabase)))
        {
            builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres");
        }
    }
}
