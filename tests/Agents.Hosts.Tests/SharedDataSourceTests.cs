extern alias gateway;
extern alias orchestrator;

using Agents.Pipeline.Events;
using Agents.Pipeline.Storage;
using Agents.Testing;
using Agents.Workflows.Backend;
using Agents.Pipeline.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Agents.Hosts.Tests;

/// <summary>
/// With <c>ConnectionStrings:agents</c> a host has one PostgreSQL data source (Aspire's Npgsql integration): the workflow
/// journal, the artifacts, the events and the outbox all go through that instance, and readiness checks it. Without the
/// setting nothing of PostgreSQL is registered and the state is kept in files.
/// </summary>
public sealed class SharedDataSourceTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    /// <summary>Aspire's name for the check of the (unkeyed) data source; <c>/health</c> names it when it fails.</summary>
    private const string DatabaseCheck = "PostgreSql";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Orchestrator_JournalArtifactsEventsAndOutbox_UseTheOneRegisteredDataSource()
    {
        await using var factory = Start<orchestrator::Program>(new()
        {
            ["ConnectionStrings:agents"] = await postgres.CreateDatabaseAsync("shared"),
            ["services:sandbox:grpc:0"] = "http://127.0.0.1:9",
            // A gateway to relay to, so the outbox is registered too.
            ["services:gateway:http:0"] = "http://127.0.0.1:9",
        });
        var services = factory.Services;
        var shared = services.GetRequiredService<NpgsqlDataSource>();

        Assert.Same(shared, (await BackendOptionsAsync(services)).PostgresDataSource);
        Assert.Same(shared, Assert.IsType<PostgresArtifactStore>(services.GetRequiredService<IArtifactStore>()).Database.DataSource);
        Assert.Same(shared, Assert.IsType<PostgresPipelineEventStore>(services.GetRequiredService<IPipelineEventStore>()).Database.DataSource);
        Assert.Same(shared, services.GetRequiredService<PipelineEventOutbox>().Database.DataSource);
        await AssertDatabaseCheckHealthyAsync(services);
    }

    [Fact]
    public async Task Gateway_EmbeddedWithDatabase_JournalArtifactsAndEventsUseTheOneRegisteredDataSource()
    {
        await using var factory = Start<gateway::Program>(new()
        {
            ["ConnectionStrings:agents"] = await postgres.CreateDatabaseAsync("shared"),
        });
        var services = factory.Services;
        var shared = services.GetRequiredService<NpgsqlDataSource>();

        Assert.Same(shared, (await BackendOptionsAsync(services)).PostgresDataSource);
        Assert.Same(shared, Assert.IsType<PostgresArtifactStore>(services.GetRequiredService<IArtifactStore>()).Database.DataSource);
        Assert.Same(shared, Assert.IsType<PostgresPipelineEventStore>(services.GetRequiredService<IPipelineEventStore>()).Database.DataSource);
        await AssertDatabaseCheckHealthyAsync(services);
    }

    [Fact]
    public async Task Gateway_DistributedWithDatabase_EventHistoryUsesTheOneRegisteredDataSource()
    {
        await using var factory = Start<gateway::Program>(new()
        {
            ["ConnectionStrings:agents"] = await postgres.CreateDatabaseAsync("shared"),
            ["Gateway:Mode"] = "distributed",
            ["services:orchestrator:http:0"] = "http://127.0.0.1:9",
            ["services:sandbox:grpc:0"] = "http://127.0.0.1:9",
        });
        var services = factory.Services;

        Assert.Same(
            services.GetRequiredService<NpgsqlDataSource>(),
            Assert.IsType<PostgresPipelineEventStore>(services.GetRequiredService<IPipelineEventStore>()).Database.DataSource);
        await AssertDatabaseCheckHealthyAsync(services);
    }

    [Fact]
    public async Task Gateway_WithoutDatabase_RegistersNoDataSourceAndKeepsStateInFiles()
    {
        await using var factory = Start<gateway::Program>(new()
        {
            ["Pipeline:DataDirectory"] = TempDirectories.Create("agents-shared-"),
        });
        var services = factory.Services;

        Assert.Null(services.GetService<NpgsqlDataSource>());
        Assert.DoesNotContain(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == DatabaseCheck);
        Assert.IsType<FileArtifactStore>(services.GetRequiredService<IArtifactStore>());
        Assert.IsType<FilePipelineEventStore>(services.GetRequiredService<IPipelineEventStore>());
        var backend = await BackendOptionsAsync(services);
        Assert.NotNull(backend.JournalDirectory);
        Assert.Null(backend.PostgresDataSource);
    }

    /// <summary>The settings of the embedded backend the host started for the SDK, once it has started.</summary>
    private static async Task<TaskHubBackendOptions> BackendOptionsAsync(IServiceProvider services)
    {
        var runtime = services.GetRequiredService<PipelineRuntime>();
        await runtime.WaitUntilStartedAsync(Ct);
        Assert.Null(runtime.Problem);
        return Assert.IsType<EmbeddedTaskHub>(runtime.Backend).Options;
    }

    /// <summary>The data source's readiness check is registered under Aspire's name and reaches the test's database.</summary>
    private static async Task AssertDatabaseCheckHealthyAsync(IServiceProvider services)
    {
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == DatabaseCheck, Ct);

        var entry = Assert.Single(report.Entries);
        Assert.Equal(DatabaseCheck, entry.Key);
        Assert.Equal(HealthStatus.Healthy, entry.Value.Status);
    }

    private static WebApplicationFactory<TProgram> Start<TProgram>(Dictionary<string, string?> settings)
        where TProgram : class
    {
        var factory = new WebApplicationFactory<TProgram>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        // In memory (TestServer): nothing here needs a port, and the other test classes' hosts may hold one.
        factory.StartServer();
        return factory;
    }
}
