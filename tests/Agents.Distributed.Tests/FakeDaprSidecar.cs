using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapr.Client.Autogen.Grpc.v1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agents.Distributed.Tests;

/// <summary>
/// Stands in for daprd, over the same HTTP contract the services use: a service invocation,
/// <c>/v1.0/invoke/{appId}/method/{path}</c> (what Dapr's InvocationHandler sends), is forwarded to that app (and recorded); a
/// gRPC call on the gRPC port with <c>dapr-app-id</c> metadata (Dapr's gRPC proxying) is forwarded, as HTTP/2, to that
/// app's gRPC endpoint (and recorded); a PublishEvent is recorded and delivered, wrapped in a
/// CloudEvent, to every app whose <c>GET /dapr/subscribe</c> lists the topic, twice (delivery is at least once).
/// One stand-in serves every process (a real deployment has one sidecar per app).
/// </summary>
internal sealed class FakeDaprSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Uri> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Uri> _grpcApps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string AppId, string Method, string Path)> _invocations = new();
    private readonly ConcurrentQueue<(string AppId, string Method)> _grpcInvocations = new();
    private readonly ConcurrentQueue<(string PubSub, string Topic, string Body)> _published = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(5) };

    private FakeDaprSidecar(WebApplication app)
    {
        _app = app;
        app.MapPost("/dapr.proto.runtime.v1.Dapr/PublishEvent", PublishAsync);
        app.Map("/v1.0/invoke/{appId}/method/{**path}", InvokeAsync);
        // Every other gRPC method (/{package.Service}/{Method}): daprd's own API is served above, the rest is proxied.
        app.MapPost("/{service}/{method}", ProxyGrpcAsync);
    }

    /// <summary>The HTTP port (<c>DAPR_HTTP_PORT</c>).</summary>
    public int Port { get; private set; }

    /// <summary>The gRPC port (<c>DAPR_GRPC_PORT</c>).</summary>
    public int GrpcPort { get; private set; }

    public IReadOnlyList<(string AppId, string Method, string Path)> Invocations => [.. _invocations];

    /// <summary>The gRPC calls proxied by <c>dapr-app-id</c>: the app and the full method (<c>/agents.v1.Verification/Verify</c>).</summary>
    public IReadOnlyList<(string AppId, string Method)> GrpcInvocations => [.. _grpcInvocations];

    public IReadOnlyList<(string PubSub, string Topic, string Body)> Published => [.. _published];

    public static async Task<FakeDaprSidecar> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            // gRPC without TLS: HTTP/2 with prior knowledge, which Kestrel serves only on an HTTP/2-only endpoint.
            k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var sidecar = new FakeDaprSidecar(builder.Build());
        await sidecar._app.StartAsync();
        // Kestrel reports its endpoints in the order they were configured.
        sidecar.Port = new Uri(sidecar._app.Urls.First()).Port;
        sidecar.GrpcPort = new Uri(sidecar._app.Urls.Last()).Port;
        return sidecar;
    }

    /// <summary>Where calls for <paramref name="appId"/> go (again after a restart on a new port).</summary>
    public void Register(string appId, Uri address) => _apps[appId] = address;

    /// <summary>Where gRPC calls for <paramref name="appId"/> go: its gRPC endpoint (Dapr's app port with app protocol grpc).</summary>
    public void RegisterGrpc(string appId, Uri address) => _grpcApps[appId] = address;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }

    private async Task InvokeAsync(string appId, string? path, HttpContext context)
    {
        var method = "/" + path;
        _invocations.Enqueue((appId, context.Request.Method, method));
        path = method + context.Request.QueryString.Value;
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

    private async Task ProxyGrpcAsync(HttpContext context)
    {
        var appId = context.Request.Headers["dapr-app-id"].ToString();
        context.Response.ContentType = "application/grpc";
        if (!_grpcApps.TryGetValue(appId, out var target))
        {
            // daprd answers a call for an app it cannot find with a status, in a trailers-only response.
            context.Response.Headers["grpc-status"] = "14";
            context.Response.Headers["grpc-message"] = $"no gRPC app '{appId}'";
            return;
        }
        var method = context.Request.Path.Value!;
        _grpcInvocations.Enqueue((appId, method));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, method))
        {
            // Cleartext HTTP/2 with prior knowledge, as gRPC is spoken to an app without TLS.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StreamContent(context.Request.Body),
        };
        // The metadata travel as headers, dapr-app-id included (the app logs it).
        foreach (var (name, values) in context.Request.Headers.Where(h => !h.Key.StartsWith(':') && !string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase)))
        {
            if (!request.Headers.TryAddWithoutValidation(name, [.. values]))
            {
                request.Content.Headers.TryAddWithoutValidation(name, [.. values]);
            }
        }
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                context.Response.Headers[name] = values.ToArray();
            }
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            // Read after the body: the status comes in the trailers.
            foreach (var (name, values) in response.TrailingHeaders)
            {
                context.Response.AppendTrailer(name, values.ToArray());
            }
        }
        catch (HttpRequestException ex)
        {
            context.Response.AppendTrailer("grpc-status", "14");
            context.Response.AppendTrailer("grpc-message", ex.Message);
        }
    }

    private async Task PublishAsync(HttpContext context)
    {
        // One gRPC message: a compression flag, a 4-byte big-endian length, then the PublishEventRequest.
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var frame = buffer.ToArray();
        var request = PublishEventRequest.Parser.ParseFrom(frame, 5, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(1, 4)));
        var body = request.Data.ToStringUtf8();
        _published.Enqueue((request.PubsubName, request.Topic, body));
        context.Response.ContentType = "application/grpc";
        if (await DeliverAsync(request.PubsubName, request.Topic, body, context.RequestAborted))
        {
            // An empty message (google.protobuf.Empty) and status OK.
            await context.Response.Body.WriteAsync(new byte[5], context.RequestAborted);
            context.Response.AppendTrailer("grpc-status", "0");
            return;
        }
        context.Response.AppendTrailer("grpc-status", "14");
        context.Response.AppendTrailer("grpc-message", "a subscriber did not answer SUCCESS");
    }

    private async Task<bool> DeliverAsync(string pubsub, string topic, string body, CancellationToken cancellationToken)
    {
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
                    using var response = await _http.PostAsync(new Uri(address, route), content, cancellationToken);
                    var status = await response.Content.ReadAsStringAsync(cancellationToken);
                    if (!response.IsSuccessStatusCode || !status.Contains("SUCCESS", StringComparison.Ordinal))
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private async Task<IReadOnlyList<string>> RoutesAsync(Uri address, string pubsub, string topic)
    {
        using var response = await _http.GetAsync(new Uri(address, "/dapr/subscribe"));
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        // daprd's contract: "route", or "routes" with a "default" (and rules, which we do not use).
        return [.. document.RootElement.EnumerateArray()
            .Where(s => Text(s, "pubsubname") == pubsub && Text(s, "topic") == topic)
            .Select(s => Text(s, "route") ?? (Property(s, "routes") is { } routes ? Text(routes, "default") : null))
            .OfType<string>()];
    }

    private static JsonElement? Property(JsonElement element, string name) =>
        element.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault();

    private static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
