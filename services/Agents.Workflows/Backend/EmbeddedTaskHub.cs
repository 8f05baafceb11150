using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agents.Workflows.Backend;

/// <summary>
/// The backend on its own Kestrel server: loopback only, HTTP/2 without TLS (what the SDK speaks to a local
/// sidecar), a port the OS picks and a random API token. Point the SDK at it with <see cref="SdkSettings"/>.
/// </summary>
public sealed class EmbeddedTaskHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private EmbeddedTaskHub(WebApplication app, Uri endpoint, string apiToken)
    {
        _app = app;
        Endpoint = endpoint;
        ApiToken = apiToken;
    }

    /// <summary>Where the gRPC service listens, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The token every call must carry.</summary>
    public string ApiToken { get; }

    /// <summary>Why the backend no longer serves (it lost its lease on a shared store to another process), or null.</summary>
    public string? Fault => _app.Services.GetRequiredService<TaskHubBackend>().Fault;

    /// <summary>The backend's settings as validated, e.g. which store it runs on.</summary>
    internal TaskHubBackendOptions Options => _app.Services.GetRequiredService<IOptions<TaskHubBackendOptions>>().Value;

    /// <summary>The SDK's own settings (read from configuration, then the environment) that point it here.</summary>
    public IReadOnlyDictionary<string, string?> SdkSettings => new Dictionary<string, string?>
    {
        ["DAPR_GRPC_ENDPOINT"] = Endpoint.ToString(),
        ["DAPR_API_TOKEN"] = ApiToken,
    };

    /// <summary>Starts the server. <paramref name="configureServices"/> may add logging or replace the <see cref="TimeProvider"/>.</summary>
    public static async Task<EmbeddedTaskHub> StartAsync(Action<TaskHubBackendOptions>? configure = null,
        Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        // Quiet unless the caller adds a logger: the host embedding the backend decides where its logs go.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHubLifetime>();
        builder.Services.AddTaskHubBackend(options =>
        {
            options.ApiToken = token;
            configure?.Invoke(options);
        });
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapTaskHubBackend();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        // Built now, not at the first call: loading the store and re-arming its timers belong to start-up.
        app.Services.GetRequiredService<TaskHubBackend>();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new EmbeddedTaskHub(app, new Uri(address), token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
