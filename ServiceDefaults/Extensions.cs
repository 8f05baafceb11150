using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Agents service shares: OpenTelemetry exported over OTLP (how the Aspire dashboard sees a
/// service), health checks at /health (ready) and /alive (live).
/// </summary>
/// <remarks>
/// The Aspire template also wires OpenTelemetry.Extensions.Hosting, the AspNetCore / HttpClient / Runtime
/// instrumentation packages, Microsoft.Extensions.ServiceDiscovery and Microsoft.Extensions.Http.Resilience.
/// None of those restores on our build machines, so this file uses only the OpenTelemetry SDK and its OTLP
/// exporter and listens to what .NET 10 emits natively: the "Microsoft.AspNetCore" and "System.Net.Http"
/// activity sources and the ASP.NET Core, Kestrel, HttpClient and "System.Runtime" meters. Service discovery
/// is not needed because services are addressed by configured URL or through the Dapr sidecar, and HTTP
/// resilience is applied where a call needs it (the LLM router) rather than to every client.
/// </remarks>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";

    /// <summary>The category of ASP.NET Core's request start/finish lines, which carry the query string.</summary>
    public const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Activity sources and meters of our own code all start with this prefix.</summary>
    public const string AgentsTelemetryPrefix = "Agents.";

    private static readonly string[] s_meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "System.Net.Http",
        "System.Runtime",
        AgentsTelemetryPrefix + "*",
    ];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var serviceName = builder.Environment.ApplicationName;
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        // ASP.NET Core's per-request lines ("Request starting GET …?query") log full query strings at Information,
        // and the gateway's event stream accepts its API key as ?access_token= (EventSource cannot send headers).
        // Secrets never reach logs, whatever the configured levels, so those lines stop at Warning here in code.
        builder.Logging.AddFilter(RequestLogCategory, LogLevel.Warning);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.SetResourceBuilder(CreateResource(serviceName));
            if (exportOtlp)
            {
                logging.AddOtlpExporter();
            }
        });

        // Without the hosting package there is no AddOpenTelemetry(); the providers are built here and owned
        // by the container, which flushes and disposes them on shutdown.
        builder.Services.AddSingleton(_ =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(CreateResource(serviceName))
                .SetSampler(new ParentBasedSampler(new HealthProbeFilteringSampler(HealthEndpointPath, AlivenessEndpointPath)))
                .AddSource(serviceName, AgentsTelemetryPrefix + "*", "Microsoft.AspNetCore", "System.Net.Http")
                .AddProcessor(new QueryStringRedactingProcessor());
            if (exportOtlp)
            {
                tracing.AddOtlpExporter();
            }
            return tracing.Build()!;
        });
        builder.Services.AddSingleton(_ =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(CreateResource(serviceName))
                .AddMeter(s_meters);
            if (exportOtlp)
            {
                metrics.AddOtlpExporter();
            }
            return metrics.Build()!;
        });
        builder.Services.AddHostedService<TelemetryProvidersStarter>();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps /health (every check must pass: ready for traffic) and /alive (only the liveness checks).
    /// Unlike the Aspire template these are mapped in every environment: orchestrators and the Aspire
    /// dashboard probe them in production too, and they reveal only a status word.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        return app;
    }

    private static ResourceBuilder CreateResource(string serviceName) =>
        ResourceBuilder.CreateDefault().AddService(serviceName);

    /// <summary>Resolves the providers at start so that the first request is already traced.</summary>
    private sealed class TelemetryProvidersStarter(TracerProvider tracing, MeterProvider metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            Debug.Assert(tracing is not null && metrics is not null);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
