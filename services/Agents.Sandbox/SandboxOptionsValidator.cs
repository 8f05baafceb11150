using Microsoft.Extensions.Options;

namespace Agents.Sandbox;

/// <summary>Cross-field checks that data annotations cannot express.</summary>
internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultTimeoutSeconds > options.MaxTimeoutSeconds)
        {
            failures.Add($"{SandboxOptions.SectionName}:DefaultTimeoutSeconds ({options.DefaultTimeoutSeconds}) exceeds {SandboxOptions.SectionName}:MaxTimeoutSeconds ({options.MaxTimeoutSeconds}).");
        }
        if (options.MaxFileBytes > options.MaxTotalBytes)
        {
            failures.Add($"{SandboxOptions.SectionName}:MaxFileBytes exceeds {SandboxOptions.SectionName}:MaxTotalBytes.");
        }
        if (!Path.IsPathFullyQualified(options.WorkRoot))
        {
            failures.Add($"{SandboxOptions.SectionName}:WorkRoot must be an absolute path.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
