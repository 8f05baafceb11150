using Microsoft.Extensions.Options;

namespace Agents.Repositories;

internal sealed class RepositoryOptionsValidator : IValidateOptions<RepositoryOptions>
{
    public ValidateOptionsResult Validate(string? name, RepositoryOptions options)
    {
        var failures = new List<string>();
        if (options.MaxArchiveBytes <= 0)
        {
            failures.Add($"{RepositoryOptions.SectionName}:MaxArchiveBytes must be positive.");
        }
        if (options.MaxTotalBytes <= 0)
        {
            failures.Add($"{RepositoryOptions.SectionName}:MaxTotalBytes must be positive.");
        }
        if (options.MaxFileBytes <= 0 || options.MaxFileBytes > options.MaxTotalBytes)
        {
            failures.Add($"{RepositoryOptions.SectionName}:MaxFileBytes must be positive and at most MaxTotalBytes.");
        }
        if (options.MaxFiles <= 0)
        {
            failures.Add($"{RepositoryOptions.SectionName}:MaxFiles must be positive.");
        }
        if (options.MaxPathLength is < 16 or > 4096)
        {
            failures.Add($"{RepositoryOptions.SectionName}:MaxPathLength must be between 16 and 4096.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
