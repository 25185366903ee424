using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.ServiceDefaults.Grpc;
using ImbalanceMesh.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The Aspire-style service defaults every ImbalanceMesh service calls: telemetry, health, discovery, resilience, gRPC.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";

    /// <summary>The one port, if configured, that serves browsers over HTTP/1.1 (pages, not gRPC).</summary>
    public const string BrowserPortKey = "Browser:Port";

    /// <summary>Raised deliberately: batches and checkpoints are larger than gRPC's 4 MB default.</summary>
    public const int MaxMessageBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The thread pool's floor. On 2 cores it starts at 2 workers and adds about one a second, while StackExchange.Redis
    /// completes its synchronous calls on pool threads and every training job holds one: a sweep's burst of submissions
    /// and watches then waited past Redis' 5 s timeout on an idle machine (docs/BENCHMARKS.md, Strategies).
    /// </summary>
    public const int MinWorkerThreads = 32;

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, MinWorkerThreads), completionPorts);
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        builder.Services.AddSingleton<ApiKeyOptions>(_ => ApiKeyOptions.From(builder.Configuration));
        builder.Services.AddSingleton<ErrorStatusInterceptor>();
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxMessageBytes;
            options.MaxSendMessageSize = MaxMessageBytes;
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
            options.Interceptors.Add<ApiKeyServerInterceptor>();
            options.Interceptors.Add<ErrorStatusInterceptor>();
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks(o => o.Services.Map("", r => r.Tags.Contains(LiveTag)));
        builder.Services.AddSingleton<InfoGrpcService>();
        // Cleartext gRPC needs HTTP/2-only endpoints; with Http1AndHttp2 clients fail with HTTP_1_1_REQUIRED.
        // Browsers speak no cleartext HTTP/2, so the browser port (if any) is HTTP/1.1 only.
        var browserPort = builder.Configuration.GetValue<int?>(BrowserPortKey);
        builder.Services.Configure<KestrelServerOptions>(k =>
        {
            k.ConfigureEndpointDefaults(e =>
                e.Protocols = browserPort is not null && e.IPEndPoint?.Port == browserPort ? HttpProtocols.Http1 : HttpProtocols.Http2);
            k.Limits.MaxRequestBodySize = null;
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Defaults that hold wherever the content root is (the AppHost runs the built dll from its own directory):
        // per-request framework logs would drown the services' own lines in the AppHost's console.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("ImbalanceMesh.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("ImbalanceMesh.*")
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !IsHealthProbe(ctx.Request.Path))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Endpoint, protocol, service name and resource attributes come from the standard OTEL_* variables.
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapGrpcService<InfoGrpcService>();
        return app;
    }

    private static bool IsHealthProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/grpc.health.v1.Health");
}
