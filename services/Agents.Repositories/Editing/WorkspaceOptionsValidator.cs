using Microsoft.Extensions.Options;

namespace Agents.Repositories.Editing;

internal sealed class WorkspaceOptionsValidator : IValidateOptions<WorkspaceOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkspaceOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(options.MaxFileBytes), options.MaxFileBytes);
        Positive(failures, nameof(options.MaxTotalBytes), options.MaxTotalBytes);
        Positive(failures, nameof(options.MaxFiles), options.MaxFiles);
        Positive(failures, nameof(options.MaxReadLines), options.MaxReadLines);
        Positive(failures, nameof(options.MaxSearchMatches), options.MaxSearchMatches);
        Positive(failures, nameof(options.MaxListedFiles), options.MaxListedFiles);
        Positive(failures, nameof(options.MaxPatternLength), options.MaxPatternLength);
        if (options.MaxFileBytes > options.MaxTotalBytes)
        {
            failures.Add($"{WorkspaceOptions.SectionName}:MaxFileBytes must be at most MaxTotalBytes.");
        }
        if (options.MaxPathLength is < 16 or > 4096)
        {
            failures.Add($"{WorkspaceOptions.SectionName}:MaxPathLength must be between 16 and 4096.");
        }
        if (options.MaxOutputChars < 1_000)
        {
            failures.Add($"{WorkspaceOptions.SectionName}:MaxOutputChars must be at least 1000.");
        }
        if (options.RegexTimeout <= TimeSpan.Zero || options.RegexTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{WorkspaceOptions.SectionName}:RegexTimeout must be positive and at most a minute.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The options as given, or an exception naming every setting that is out of range.</summary>
    public static WorkspaceOptions Checked(WorkspaceOptions options)
    {
        var result = new WorkspaceOptionsValidator().Validate(null, options);
        return result.Failed ? throw new OptionsValidationException(WorkspaceOptions.SectionName, typeof(WorkspaceOptions), result.Failures) : options;
    }

    private static void Positive(List<string> failures, string setting, long value)
    {
        if (value <= 0)
        {
            failures.Add($"{WorkspaceOptions.SectionName}:{setting} must be positive.");
        }
    }
}
