using Grpc.Core;
using Grpc.Health.V1;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.ServiceDefaults.Tests;

/// <summary>The defaults, exercised through a real service (augmentation references cache and ingestion).</summary>
public sealed class InfoAndHealthTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private MeshServiceHost<ImbalanceMesh.Augmentation.Grpc.AugmentationGrpcService> Start(
        string? apiKey = null, string ingestion = "http://127.0.0.1:1") =>
        new(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["services:ingestion:http:0"] = ingestion,
            ["IMESH_API_KEY"] = apiKey,
        });

    [Fact]
    public async Task Serving_on_grpc_health_and_info_reports_redis_reachable_and_missing_ingestion_unreachable()
    {
        await using var host = Start();
        var health = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        var info = await new InfoService.InfoServiceClient(host.Channel).GetInfoAsync(new GetInfoRequest());
        var cache = Assert.Single(info.Dependencies, d => d.Name == "cache");
        Assert.True(cache.Reachable, cache.Detail);
        Assert.Equal($"127.0.0.1:{redis.Port}", cache.Target);
        Assert.DoesNotContain(redis.Password, cache.Target);
        var ingestion = Assert.Single(info.Dependencies, d => d.Name == "ingestion");
        Assert.False(ingestion.Reachable);
        Assert.NotEmpty(ingestion.Detail);
    }

    [Fact]
    public async Task Info_sees_a_referenced_service_through_service_discovery()
    {
        await using var upstream = Start();
        await using var host = Start(ingestion: upstream.Address);
        var info = await new InfoService.InfoServiceClient(host.Channel).GetInfoAsync(new GetInfoRequest());
        var ingestion = Assert.Single(info.Dependencies, d => d.Name == "ingestion");
        Assert.True(ingestion.Reachable, ingestion.Detail);
        Assert.Equal(upstream.Address, ingestion.Target);
    }

    [Fact]
    public async Task Api_key_refuses_calls_without_it_but_not_health_checks()
    {
        await using var host = Start(apiKey: "s3cret");
        var info = new InfoService.InfoServiceClient(host.Channel);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await info.GetInfoAsync(new GetInfoRequest()));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("x-api-key", refused.Status.Detail);

        var wrong = await Assert.ThrowsAsync<RpcException>(async () =>
            await info.GetInfoAsync(new GetInfoRequest(), new Metadata { { "x-api-key", "nope" } }));
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);

        var ok = await info.GetInfoAsync(new GetInfoRequest(), new Metadata { { "x-api-key", "s3cret" } });
        Assert.False(string.IsNullOrEmpty(ok.Name));

        var health = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}
