using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.ClientFactory;
using ImbalanceMesh.Contracts.V1;
using Microsoft.Extensions.Configuration;

namespace ImbalanceMesh.ServiceDefaults.Dependencies;

/// <summary>Asks a referenced service's grpc.health.v1 endpoint, through the same discovery as its typed client.</summary>
public sealed class GrpcDependencyProbe(string name, GrpcClientFactory factory, IConfiguration configuration)
    : IDependencyProbe
{
    public string Name => name;

    public static string HealthClientName(string service) => $"{service}-health";

    public async Task<DependencyStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        var status = new DependencyStatus
        {
            Name = name,
            Kind = "grpc",
            Target = configuration[$"services:{name}:http:0"] ?? $"http://{name}",
        };
        var watch = Stopwatch.StartNew();
        try
        {
            var client = factory.CreateClient<Health.HealthClient>(HealthClientName(name));
            var reply = await client.CheckAsync(new HealthCheckRequest(),
                deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
            status.Reachable = reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
            if (!status.Reachable) status.Detail = $"health status {reply.Status}";
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or HttpRequestException)
        {
            status.Detail = e.Message;
        }
        status.LatencyMs = watch.Elapsed.TotalMilliseconds;
        return status;
    }
}
