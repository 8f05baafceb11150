using System.Net;
using Agents.Contracts;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Agents.AppHost.Tests;

/// <summary>
/// The distributed mode as `dotnet run --project AppHost` starts it: PostgreSQL, the broker, the three services
/// and their Dapr sidecars, for each broker. The model is an external endpoint here (nothing listens on it) so
/// that no GPU and no model download is needed; none of these checks calls the model.
/// An unknown broker is refused before the model is built; that decision is tested offline (DeploymentPlanTests).
/// Running a pipeline end to end through the AppHost comes with the orchestrator's pipeline hosting.
/// </summary>
public sealed class AppHostTests
{
    // Container images may have to be pulled on the first run.
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(5);

    public static TheoryData<string> Brokers() => new("redis", "kafka");

    [Theory]
    [MemberData(nameof(Brokers))]
    public async Task AppHost_WithBroker_StartsEveryServiceHealthy_AndTheGatewayAnswersHealth(string broker)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_startTimeout);
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                $"--Agents:Broker={broker}",
                "--Agents:Llm=external",
                "--ConnectionStrings:llm=Endpoint=http://127.0.0.1:9;Model=unused",
            ],
            timeout.Token);
        await using var app = await appHost.BuildAsync(timeout.Token);

        await app.StartAsync(timeout.Token);
        foreach (var service in new[] { ServiceNames.Gateway, ServiceNames.Orchestrator, ServiceNames.Sandbox })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }

        using var client = app.CreateHttpClient(ServiceNames.Gateway);
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
