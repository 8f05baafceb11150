using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Runs a service so that bad configuration ends it at start-up with one line naming the setting and a
/// non-zero exit code, instead of a stack trace from the middle of the host's start.
/// </summary>
public static class HostRunExtensions
{
    /// <summary>The exit code of a service stopped by invalid configuration.</summary>
    public const int ConfigurationErrorExitCode = 2;

    public static async Task<int> RunAgentsServiceAsync(this WebApplication app)
    {
        // Runs every ValidateOnStart() validation now, before the host starts and logs failures with
        // their stack traces.
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync(FormatConfigurationError(app.Environment.ApplicationName, ex.Failures));
            return ConfigurationErrorExitCode;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            var failures = ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures);
            await Console.Error.WriteLineAsync(FormatConfigurationError(app.Environment.ApplicationName, failures));
            return ConfigurationErrorExitCode;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or OverflowException or ArgumentException)
        {
            // Binding failed before any validator ran, e.g. "Failed to convert configuration value at
            // 'Gateway:RateLimits:RequestsPerMinute' to type 'System.Int32'": the message already names the setting.
            await Console.Error.WriteLineAsync(FormatConfigurationError(app.Environment.ApplicationName, [$"{ex.Message} {ex.InnerException.Message}"]));
            return ConfigurationErrorExitCode;
        }

        await app.RunAsync();
        return 0;
    }

    private static string FormatConfigurationError(string service, IEnumerable<string> failures) =>
        $"{service} cannot start: invalid configuration.{Environment.NewLine}" +
        string.Join(Environment.NewLine, failures.Select(f => "  - " + f));
}
