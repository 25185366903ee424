using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ImbalanceMesh.AppHost.Cache;

/// <summary>Healthy once the cache answers PING with its password, so WaitFor(cache) really waits for Redis.</summary>
public sealed class RedisPingHealthCheck(IResourceWithConnectionString cache) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var connectionString = await cache.ConnectionStringExpression.GetValueAsync(cancellationToken);
        try
        {
            var options = ConfigurationOptions.Parse(connectionString!);
            options.ConnectTimeout = 2000;
            options.AbortOnConnectFail = true;
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"PONG in {latency.TotalMilliseconds:0.0} ms");
        }
        catch (RedisException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
