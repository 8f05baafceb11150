using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agents.Grpc;

/// <summary>Adds the gRPC listener, reflection and health to a host whose HTTP addresses come from <c>--urls</c>/<c>ASPNETCORE_URLS</c>.</summary>
public static class GrpcHostingExtensions
{
    private const string DefaultUrl = "http://localhost:5000";

    /// <summary>
    /// gRPC services, reflection and health; when <c>Grpc:Port</c> is set, a second listener on that port that speaks
    /// HTTP/2 only. Cleartext HTTP/2 needs that: a listener offering HTTP/1.1 too falls back to HTTP/1.1 without TLS.
    /// </summary>
    public static IServiceCollection AddAgentsGrpc(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GrpcEndpointOptions>().BindConfiguration(GrpcEndpointOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddGrpc(options => options.EnableDetailedErrors = false);
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks();

        // The port is read here because the listener must exist before the host starts; a value that is not a port
        // adds nothing and the options validation above stops the host naming Grpc:Port.
        if (int.TryParse(builder.Configuration[$"{GrpcEndpointOptions.Section}:Port"], out var port) && port is > 0 and <= 65535)
        {
            // Appending to the URLs rather than calling Listen: a Listen in code would replace --urls, and the HTTP
            // API must stay where its host was told to put it.
            var urls = HttpUrls(builder.Configuration);
            builder.WebHost.UseUrls([.. urls, $"http://{HostOf(urls[0])}:{port}"]);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
            {
                if (listen.IPEndPoint?.Port == port)
                {
                    listen.Protocols = HttpProtocols.Http2;
                }
            }));
        }
        return builder.Services;
    }

    /// <summary>gRPC reflection and the gRPC health service (the host's health checks, as on <c>/health</c>).</summary>
    public static IEndpointRouteBuilder MapAgentsGrpcDefaults(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
    }

    /// <summary>The host part of a Kestrel URL as written (<c>*</c>, <c>+</c>, <c>[::1]</c> included), so gRPC is exposed exactly as HTTP is.</summary>
    private static string HostOf(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var rest = url[start..].TrimEnd('/');
        var portColon = rest.LastIndexOf(':');
        return portColon > rest.LastIndexOf(']') ? rest[..portColon] : rest;
    }

    private static string[] HttpUrls(IConfiguration configuration)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        // ASPNETCORE_HTTP_PORTS is honoured only when no URLs are given; setting URLs below would drop it.
        if (configuration["HTTP_PORTS"] is { Length: > 0 } ports)
        {
            return [.. ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}")];
        }
        return [DefaultUrl];
    }
}
