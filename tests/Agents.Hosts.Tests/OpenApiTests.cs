extern alias gateway;
extern alias orchestrator;
extern alias sandbox;

using System.Text.Json;
using Agents.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Agents.Hosts.Tests;

/// <summary>
/// Each host serves an OpenAPI document at <c>/openapi/v1.json</c> that lists every endpoint it maps, with the method,
/// and names its request body and error shapes. Probes (<c>/health</c>, <c>/alive</c>), daprd's routes (<c>/dapr/…</c>)
/// and the document itself are not API and are left out.
/// </summary>
public sealed class OpenApiTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gateway_DocumentsEveryRouteItMaps()
    {
        await using var factory = Host<gateway::Program>(new()
        {
            ["Pipeline:DataDirectory"] = TempDirectories.Create("agents-openapi-"),
        });

        var document = await AssertEveryRouteDocumentedAsync(factory);

        var start = document.RootElement.GetProperty("paths").GetProperty("/api/workflow/full-sdlc").GetProperty("post");
        Assert.True(start.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(start.GetProperty("responses").TryGetProperty("400", out _), "a start names its validation problem");
    }

    [Fact]
    public async Task Orchestrator_DocumentsEveryRouteItMaps()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var factory = Host<orchestrator::Program>(new()
        {
            ["ConnectionStrings:agents"] = database,
            ["services:sandbox:grpc:0"] = "http://127.0.0.1:9",
        });

        await AssertEveryRouteDocumentedAsync(factory);
    }

    [Fact]
    public async Task Sandbox_DocumentsEveryRouteItMaps()
    {
        await using var factory = Host<sandbox::Program>([]);

        var document = await AssertEveryRouteDocumentedAsync(factory);

        Assert.True(document.RootElement.GetProperty("paths").GetProperty("/api/verify").GetProperty("post").TryGetProperty("requestBody", out _));
    }

    private static WebApplicationFactory<TProgram> Host<TProgram>(Dictionary<string, string?> settings)
        where TProgram : class
    {
        var factory = new WebApplicationFactory<TProgram>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        factory.UseKestrel(0);
        factory.StartServer();
        return factory;
    }

    /// <summary>Every endpoint the running app maps, by method and route, must be an operation of its document.</summary>
    private static async Task<JsonDocument> AssertEveryRouteDocumentedAsync<TProgram>(WebApplicationFactory<TProgram> factory)
        where TProgram : class
    {
        using var http = factory.CreateClient();
        var text = await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct);
        var document = JsonDocument.Parse(text);
        var paths = document.RootElement.GetProperty("paths");

        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Route: Normalize(e.RoutePattern.RawText ?? ""), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Route.StartsWith("/api", StringComparison.Ordinal))
            .SelectMany(e => e.Methods.Select(m => (e.Route, Method: m.ToLowerInvariant())))
            .ToList();

        Assert.NotEmpty(mapped);
        var documented = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Route: Normalize(p.Name), Method: o.Name)))
            .ToHashSet();
        Assert.All(mapped, route => Assert.Contains(route, documented));
        return document;
    }

    private static string Normalize(string route) => "/" + route.Trim('/');
}
