using System.Collections.Concurrent;
using Grpc.Core;
using ImbalanceMesh.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace ImbalanceMesh.AppHost.Tests.Support;

/// <summary>
/// A tiny OTLP/gRPC collector on a loopback port: it implements TraceService and MetricsService Export and records
/// each span and metric name under the service.name of the resource it came from.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, string endpoint, Received received)
    {
        _app = app;
        Endpoint = endpoint;
        Data = received;
    }

    public string Endpoint { get; }
    public Received Data { get; }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var endpoint = $"http://127.0.0.1:{FreePort.Next()}";
        var received = new Received();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(endpoint);
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(received);
        var app = builder.Build();
        app.MapGrpcService<TraceReceiver>();
        app.MapGrpcService<MetricsReceiver>();
        await app.StartAsync();
        return new OtlpReceiver(app, endpoint, received);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed class Received
    {
        public ConcurrentDictionary<string, ConcurrentBag<string>> Spans { get; } = new();
        public ConcurrentDictionary<string, ConcurrentBag<string>> Metrics { get; } = new();
        public ConcurrentBag<string> InstanceIds { get; } = [];

        /// <summary>Every span as (service.name, trace id, span name).</summary>
        public ConcurrentBag<(string Service, string TraceId, string Name)> SpanRecords { get; } = [];

        internal string ServiceOf(Resource? resource)
        {
            var attributes = resource?.Attributes ?? [];
            var instance = attributes.FirstOrDefault(a => a.Key == "service.instance.id")?.Value.StringValue;
            if (instance is not null) InstanceIds.Add(instance);
            return attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "(none)";
        }
    }

    private sealed class TraceReceiver(Received received) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            foreach (var resourceSpans in request.ResourceSpans)
            {
                var service = received.ServiceOf(resourceSpans.Resource);
                var names = received.Spans.GetOrAdd(service, _ => []);
                foreach (var span in resourceSpans.ScopeSpans.SelectMany(s => s.Spans))
                {
                    names.Add(span.Name);
                    received.SpanRecords.Add((service, Convert.ToHexString(span.TraceId.Span), span.Name));
                }
            }
            return Task.FromResult(new ExportTraceServiceResponse());
        }
    }

    private sealed class MetricsReceiver(Received received) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            foreach (var resourceMetrics in request.ResourceMetrics)
            {
                var names = received.Metrics.GetOrAdd(received.ServiceOf(resourceMetrics.Resource), _ => []);
                foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(s => s.Metrics)) names.Add(metric.Name);
            }
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }
}
