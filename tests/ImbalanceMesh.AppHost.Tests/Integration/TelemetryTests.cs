using ImbalanceMesh.AppHost.Tests.Support;

namespace ImbalanceMesh.AppHost.Tests.Integration;

[Collection(MeshCollection.Name)]
public class TelemetryTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_spans_and_metrics_arrive_under_each_service_name()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var host = AppHostProcess.Start(["--otlp-endpoint", receiver.Endpoint]);
        var endpoints = await host.WaitForEndpointsAsync(TimeSpan.FromSeconds(120));

        // Health probes are not traced; an Info call is a traced server span (and client spans to dependencies).
        // Called again while waiting, in case a busy machine lets an export slip past the first batches.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            foreach (var service in Mesh.Services)
            {
                try { await MeshRunTests.InfoOf(endpoints[service]); }
                catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline) { } // a loaded machine; try again
            }
            await Task.Delay(1000);
        } while (DateTime.UtcNow < deadline && !Mesh.Services.All(s =>
                     receiver.Data.Spans.TryGetValue(s, out var spans) && spans.Any(n => n.Contains("InfoService/GetInfo"))
                     && receiver.Data.Metrics.ContainsKey(s)));

        foreach (var service in Mesh.Services)
        {
            Assert.True(receiver.Data.Spans.TryGetValue(service, out var spans), $"no spans from {service}");
            Assert.Contains(spans, name => name.Contains("InfoService/GetInfo"));
            Assert.True(receiver.Data.Metrics.TryGetValue(service, out var metrics), $"no metrics from {service}");
            Assert.NotEmpty(metrics);
            Assert.Contains(receiver.Data.InstanceIds, id => id.StartsWith($"{service}-"));
        }
        Assert.DoesNotContain("(none)", receiver.Data.Spans.Keys);
    }
}
