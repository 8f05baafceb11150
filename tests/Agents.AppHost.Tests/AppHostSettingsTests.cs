using Agents.Testing;

namespace Agents.AppHost.Tests;

/// <summary>
/// The built AppHost refuses a setting it does not know before it adds any resource: exit code 2 and one message naming
/// the setting and the values it accepts, no stack trace.
/// </summary>
public sealed class AppHostSettingsTests
{
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromMinutes(1);

    public static TheoryData<string, string> Settings() => new()
    {
        { "Agents:Infrastructure", "containers, existing" },
        { "Agents:Sidecars", "dapr, none" },
        { "Agents:Llm", "ollama, external" },
        { "Agents:Broker", "redis, kafka" },
        { "Agents:Workflows", "embedded, dapr" },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task AppHost_WithAnUnknownValue_ExitsWith2_NamingTheSettingAndTheAcceptedValues(string setting, string accepted)
    {
        await using var appHost = ChildProcess.StartDotnet(TestPaths.ProjectOutput("AppHost", folder: ""), [$"--{setting}=sometimes"]);

        var exitCode = await appHost.WaitForExitAsync(s_exitTimeout);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Configuration '{setting}' is 'sometimes', which is not one of: {accepted}.", appHost.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", appHost.Output, StringComparison.Ordinal);
    }
}
