using System.CommandLine;

namespace Agents.Cli;

/// <summary>The required <c>--lang</c> option, whose error names the option and the accepted values.</summary>
internal static class LanguageOption
{
    private static readonly string[] s_languages = ["python", "javascript", "csharp"];

    public static Option<string> Create()
    {
        var option = new Option<string>("--lang") { Description = "python, javascript or csharp.", Required = true };
        option.CompletionSources.Add(s_languages);
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !s_languages.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                result.AddError($"--lang must be one of: {string.Join(", ", s_languages)}; got '{value}'.");
            }
        });
        return option;
    }
}
