using System.Diagnostics;
using ImbalanceMesh.Contracts.V1;
using StackExchange.Redis;

namespace ImbalanceMesh.ServiceDefaults.Dependencies;

public sealed class RedisDependencyProbe(string name, IConnectionMultiplexer redis) : IDependencyProbe
{
    public string Name => name;

    public string Target => string.Join(",", redis.GetEndPoints().Select(e => e.ToString()));

    public async Task<DependencyStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        var status = new DependencyStatus
        {
            Name = name,
            Kind = "redis",
            Target = Target,
        };
        var watch = Stopwatch.StartNew();
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            status.Reachable = true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            status.Detail = e.Message;
        }
        status.LatencyMs = watch.Elapsed.TotalMilliseconds;
        return status;
    }
}
