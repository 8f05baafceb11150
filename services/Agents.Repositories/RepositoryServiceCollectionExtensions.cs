using Agents.Repositories;
using Agents.Repositories.Editing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class RepositoryServiceCollectionExtensions
{
    /// <summary>
    /// Repositories as input: <see cref="RepositoryIntake"/> with its limits from <c>Repositories</c>, and the coder's
    /// workspace limits from <c>Repositories:Workspace</c> (<see cref="WorkspaceOptions"/>), both validated on start.
    /// </summary>
    public static IHostApplicationBuilder AddAgentsRepositories(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RepositoryOptions>().BindConfiguration(RepositoryOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RepositoryOptions>, RepositoryOptionsValidator>());
        builder.Services.AddOptions<WorkspaceOptions>().BindConfiguration(WorkspaceOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkspaceOptions>, WorkspaceOptionsValidator>());
        builder.Services.TryAddSingleton<RepositoryIntake>();
        return builder;
    }
}
