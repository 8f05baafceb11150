using System.Net;
using System.Security.Cryptography;
using System.Text;
using Agents.Testing;

namespace Agents.Gateway.Tests.Security;

/// <summary>API keys never reach the logs, even when a user turns ASP.NET Core's request logging up to Information.</summary>
public sealed class SecretsInLogsTests
{
    private const string Key = "secret-key-that-must-not-be-logged-42";
    private readonly string _data = TempDirectories.Create("agents-gateway-");

    [Fact]
    public async Task EventsWithAccessToken_WithVerboseRequestLogging_NeverLogsTheKey()
    {
        await using var gateway = await ServiceProcess.StartAsync("Agents.Gateway", new Dictionary<string, string?>
        {
            ["Gateway__ApiKeys__0__Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
            ["Pipeline__DataDirectory"] = _data,
        });

        // An unknown run: the key is accepted (it is a valid key), the run is not found.
        using var withToken = await gateway.Http.GetAsync($"/api/workflow/no-such-run/events?access_token={Key}", TestContext.Current.CancellationToken);
        using var badToken = await gateway.Http.GetAsync($"/api/workflow/no-such-run/events?access_token={Key}x", TestContext.Current.CancellationToken);
        // Stop it cleanly so that every line it logged has been read.
        Assert.True(gateway.Process.Signal(15), "the service had already exited");
        await gateway.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.NotFound, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        // The levels took effect (routing logs at Information), yet no line carries the key.
        Assert.Contains("Microsoft.AspNetCore.Routing", gateway.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, gateway.Process.Output, StringComparison.Ordinal);
    }
}
