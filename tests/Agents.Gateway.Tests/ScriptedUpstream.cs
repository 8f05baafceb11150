using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agents.Gateway.Tests;

/// <summary>
/// A real HTTP server on loopback standing in for the services the gateway calls (sandbox, orchestrator): every
/// request is counted by method and path, and the first one to each path fails with <see cref="FirstStatus"/>; the
/// ones after it get <see cref="ThenBody"/> as JSON.
/// </summary>
internal sealed class ScriptedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    private ScriptedUpstream(WebApplication app, int firstStatus, string thenBody)
    {
        _app = app;
        FirstStatus = firstStatus;
        ThenBody = thenBody;
        app.Map("/{**path}", AnswerAsync);
    }

    public int FirstStatus { get; }

    public string ThenBody { get; }

    public Uri Address => new(_app.Urls.First());

    public static async Task<ScriptedUpstream> StartAsync(int firstStatus, string thenBody)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var upstream = new ScriptedUpstream(builder.Build(), firstStatus, thenBody);
        await upstream._app.StartAsync();
        return upstream;
    }

    /// <summary>How many requests with <paramref name="method"/> to <paramref name="path"/> arrived.</summary>
    public int Calls(string method, string path) => _calls.TryGetValue($"{method} {path}", out var count) ? count : 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var count = _calls.AddOrUpdate($"{context.Request.Method} {context.Request.Path.Value}", 1, (_, n) => n + 1);
        if (count == 1)
        {
            context.Response.StatusCode = FirstStatus;
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(ThenBody, context.RequestAborted);
    }
}
