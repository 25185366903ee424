using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImbalanceMesh.AppHost.Services;

/// <summary>grpc.health.v1 Check on the service's endpoint: healthy when SERVING (Aspire has no gRPC probe of its own).</summary>
public sealed class GrpcHealthCheck(EndpointReference endpoint) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(endpoint.Url);
        try
        {
            var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(),
                deadline: DateTime.UtcNow.AddSeconds(3), cancellationToken: cancellationToken);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? HealthCheckResult.Healthy("SERVING")
                : HealthCheckResult.Unhealthy(reply.Status.ToString().ToUpperInvariant());
        }
        catch (RpcException e)
        {
            return HealthCheckResult.Unhealthy($"{e.StatusCode}: {e.Status.Detail}");
        }
    }
}
