extern alias orchestrator;

using Agents.Pipeline.Hosting;
using Agents.Testing;
using Agents.Workflows.Backend;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agents.Hosts.Tests;

/// <summary>
/// One switch, two backends for the same Dapr.Workflow SDK code: by default the orchestrator starts the embedded
/// backend and points the SDK at it through the SDK's own settings; with <c>Orchestrator:Runtime=dapr</c> it starts
/// none and leaves the SDK on the sidecar's settings.
/// </summary>
public sealed class WorkflowBackendTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    // Where a sidecar would be; nothing listens there, and nothing in these tests calls it.
    private const string SidecarEndpoint = "http://127.0.0.1:9";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Orchestrator_Embedded_StartsTheBackend_AndPointsTheSdkAtIt()
    {
        await using var factory = await StartAsync(runtime: null);
        var runtime = await StartedRuntimeAsync(factory.Services);
        var configuration = factory.Services.GetRequiredService<IConfiguration>();

        var backend = Assert.IsType<EmbeddedTaskHub>(runtime.Backend);
        Assert.Equal(backend.Endpoint.ToString(), configuration["DAPR_GRPC_ENDPOINT"]);
        Assert.Equal(backend.ApiToken, configuration["DAPR_API_TOKEN"]);
        // The TaskHub section tunes it; the store stays the host's data source.
        Assert.Equal("orchestrator-test", backend.Options.OwnerName);
        Assert.Equal(7, backend.Options.LeaseSeconds);
        Assert.NotNull(backend.Options.PostgresDataSource);
    }

    [Fact]
    public async Task Orchestrator_Dapr_StartsNoBackend_AndLeavesTheSdkOnTheSidecar()
    {
        await using var factory = await StartAsync(runtime: "dapr");
        var runtime = await StartedRuntimeAsync(factory.Services);

        Assert.Null(runtime.Backend);
        Assert.Equal(SidecarEndpoint, factory.Services.GetRequiredService<IConfiguration>()["DAPR_GRPC_ENDPOINT"]);
    }

    private async Task<WebApplicationFactory<orchestrator::Program>> StartAsync(string? runtime)
    {
        var database = await postgres.CreateDatabaseAsync("backend");
        var factory = new WebApplicationFactory<orchestrator::Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:agents", database);
            web.UseSetting("services:sandbox:grpc:0", "http://127.0.0.1:9");
            // What a sidecar's environment would give the SDK; the embedded backend's settings must win over it.
            web.UseSetting("DAPR_GRPC_ENDPOINT", SidecarEndpoint);
            web.UseSetting("TaskHub:OwnerName", "orchestrator-test");
            web.UseSetting("TaskHub:LeaseSeconds", "7");
            if (runtime is not null)
            {
                web.UseSetting("Orchestrator:Runtime", runtime);
            }
        });
        factory.StartServer();
        return factory;
    }

    private static async Task<PipelineRuntime> StartedRuntimeAsync(IServiceProvider services)
    {
        var runtime = services.GetRequiredService<PipelineRuntime>();
        await runtime.WaitUntilStartedAsync(Ct);
        Assert.Null(runtime.Problem);
        return runtime;
    }
}
