using Microsoft.Extensions.Options;

namespace Agents.Repositories.Tests;

internal static class Intake
{
    public static RepositoryIntake Create(Action<RepositoryOptions>? configure = null)
    {
        var options = new RepositoryOptions();
        configure?.Invoke(options);
        return new RepositoryIntake(Options.Create(options));
    }
}
