using System.Net;
using System.Threading.Channels;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Agents.AppHost.Tests;

/// <summary>
/// An OTLP/HTTP receiver in the test process, standing in for the dashboard's: services exporting with
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c> post <c>ExportTraceServiceRequest</c> messages to <c>/v1/traces</c>,
/// which are decoded here into <see cref="ReceivedSpan"/>s. Logs and metrics are accepted and dropped.
/// </summary>
public sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedSpan> _spans = Channel.CreateUnbounded<ReceivedSpan>();

    private OtlpTraceReceiver(WebApplication app) => _app = app;

    /// <summary>The base address to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public static async Task<OtlpTraceReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1AndHttp2));
        var app = builder.Build();
        var receiver = new OtlpTraceReceiver(app);
        app.MapPost("/v1/traces", receiver.ReceiveTracesAsync);
        app.MapPost("/v1/logs", () => Results.Bytes([], "application/x-protobuf"));
        app.MapPost("/v1/metrics", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync(cancellationToken);
        receiver.Endpoint = new Uri(app.Urls.First());
        return receiver;
    }

    /// <summary>Waits for the first span that <paramref name="match"/> accepts, in the order spans arrived.</summary>
    public async Task<ReceivedSpan> WaitForSpanAsync(Func<ReceivedSpan, bool> match, CancellationToken cancellationToken)
    {
        await foreach (var span in _spans.Reader.ReadAllAsync(cancellationToken))
        {
            if (match(span))
            {
                return span;
            }
        }
        throw new InvalidOperationException("The receiver stopped before a matching span arrived.");
    }

    public async ValueTask DisposeAsync()
    {
        _spans.Writer.TryComplete();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveTracesAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        foreach (var span in OtlpTraces.Decode(body.ToArray()))
        {
            _spans.Writer.TryWrite(span);
        }
        // An empty ExportTraceServiceResponse: every span accepted.
        return Results.Bytes([], "application/x-protobuf");
    }
}
