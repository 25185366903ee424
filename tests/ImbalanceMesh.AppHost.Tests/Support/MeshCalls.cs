using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.AppHost.Tests.Support;

/// <summary>The RPCs the AppHost tests ask every service: health and Info.</summary>
public static class MeshCalls
{
    public static async Task<HealthCheckResponse.Types.ServingStatus> HealthOf(string url)
    {
        using var channel = GrpcChannel.ForAddress(url);
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
        return reply.Status;
    }

    public static async Task<ServiceInfo> InfoOf(string url)
    {
        using var channel = GrpcChannel.ForAddress(url);
        return await new InfoService.InfoServiceClient(channel).GetInfoAsync(new GetInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
    }

    /// <summary>
    /// Info once every dependency probe succeeds, or the last answer after <paramref name="timeout"/>. The probes have a
    /// 2 s deadline, which a machine loaded by parallel test runs can miss once without anything being wrong.
    /// </summary>
    public static async Task<ServiceInfo> InfoWhenReachableAsync(string url, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var info = await InfoOf(url);
            if (info.Dependencies.All(d => d.Reachable) || DateTime.UtcNow > deadline) return info;
            await Task.Delay(500);
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value; RpcExceptions count as "not yet" until the deadline.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await probe() is { } result) return result;
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                // Down between a kill and its restart.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not within {timeout.TotalSeconds} s.");
            await Task.Delay(250);
        }
    }
}
