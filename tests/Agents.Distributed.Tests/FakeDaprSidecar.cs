using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agents.Distributed.Tests;

/// <summary>
/// Stands in for daprd, over the same HTTP contract the services use: a call carrying <c>dapr-app-id</c> is forwarded
/// to that app (and recorded); <c>POST /v1.0/publish/{pubsub}/{topic}</c> is recorded and delivered, wrapped in a
/// CloudEvent, to every app whose <c>GET /dapr/subscribe</c> lists the topic, twice (delivery is at least once).
/// One stand-in serves every process (a real deployment has one sidecar per app).
/// </summary>
internal sealed class FakeDaprSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Uri> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string AppId, string Method, string Path)> _invocations = new();
    private readonly ConcurrentQueue<(string PubSub, string Topic, string Body)> _published = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(5) };

    private FakeDaprSidecar(WebApplication app)
    {
        _app = app;
        app.MapPost("/v1.0/publish/{pubsub}/{topic}", PublishAsync);
        app.Map("/{**path}", InvokeAsync);
    }

    public int Port { get; private set; }

    public IReadOnlyList<(string AppId, string Method, string Path)> Invocations => [.. _invocations];

    public IReadOnlyList<(string PubSub, string Topic, string Body)> Published => [.. _published];

    public static async Task<FakeDaprSidecar> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var sidecar = new FakeDaprSidecar(builder.Build());
        await sidecar._app.StartAsync();
        sidecar.Port = new Uri(sidecar._app.Urls.First()).Port;
        return sidecar;
    }

    /// <summary>Where calls for <paramref name="appId"/> go (again after a restart on a new port).</summary>
    public void Register(string appId, Uri address) => _apps[appId] = address;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }

    private async Task InvokeAsync(HttpContext context)
    {
        var appId = context.Request.Headers["dapr-app-id"].ToString();
        var path = context.Request.Path.Value + context.Request.QueryString.Value;
        _invocations.Enqueue((appId, context.Request.Method, context.Request.Path.Value ?? ""));
        if (!_apps.TryGetValue(appId, out var target))
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync($"no app '{appId}'");
            return;
        }
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, path));
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > 0 || HttpMethods.IsPost(context.Request.Method))
        {
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } contentType)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }
            if (response.Headers.Location is { } location)
            {
                context.Response.Headers.Location = location.OriginalString;
            }
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        catch (HttpRequestException ex)
        {
            // daprd answers 500 when the target app cannot be reached (e.g. it was just killed).
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync(ex.Message);
        }
    }

    private async Task PublishAsync(string pubsub, string topic, HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        _published.Enqueue((pubsub, topic, body));
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = "orchestrator",
            ["type"] = "com.dapr.event.sent",
            ["datacontenttype"] = "application/json",
            ["pubsubname"] = pubsub,
            ["topic"] = topic,
            ["data"] = JsonNode.Parse(body),
        }.ToJsonString();
        foreach (var (_, address) in _apps)
        {
            foreach (var route in await RoutesAsync(address, pubsub, topic))
            {
                for (var delivery = 0; delivery < 2; delivery++)
                {
                    using var content = new StringContent(cloudEvent, Encoding.UTF8, "application/cloudevents+json");
                    using var response = await _http.PostAsync(new Uri(address, route), content, context.RequestAborted);
                    var status = await response.Content.ReadAsStringAsync(context.RequestAborted);
                    if (!response.IsSuccessStatusCode || !status.Contains("SUCCESS", StringComparison.Ordinal))
                    {
                        // The broker keeps it; the publisher's retry stands in for redelivery here.
                        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                        return;
                    }
                }
            }
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task<IReadOnlyList<string>> RoutesAsync(Uri address, string pubsub, string topic)
    {
        using var response = await _http.GetAsync(new Uri(address, "/dapr/subscribe"));
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. document.RootElement.EnumerateArray()
            .Where(s => s.GetProperty("pubsubname").GetString() == pubsub && s.GetProperty("topic").GetString() == topic)
            .Select(s => s.GetProperty("route").GetString()!)];
    }
}
