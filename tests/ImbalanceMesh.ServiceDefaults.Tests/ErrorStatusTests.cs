using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Testing;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace ImbalanceMesh.ServiceDefaults.Tests;

/// <summary>The one error convention, through a real service (augmentation: Redis and an upstream ingestion).</summary>
public sealed class ErrorStatusTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static MeshServiceHost<ImbalanceMesh.Augmentation.Grpc.AugmentationGrpcService> Start(string cache,
        string ingestion = "http://127.0.0.1:1") =>
        new(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = cache,
            ["services:ingestion:http:0"] = ingestion,
        });

    [Fact]
    public async Task A_redis_that_does_not_answer_is_unavailable_naming_the_cache_and_its_address()
    {
        var port = FreePort.Next();
        await using var host = Start($"127.0.0.1:{port},connectTimeout=500");
        var client = new AugmentationService.AugmentationServiceClient(host.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetPlanAsync(new PlanRef { PlanId = "p1" }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains($"the Redis cache 'cache' at 127.0.0.1:{port} is unavailable", error.Status.Detail);
        Assert.Contains("redis-server", error.Status.Detail);
    }

    [Fact]
    public async Task A_redis_that_stalls_past_its_timeout_is_unavailable_and_the_service_serves_again_after()
    {
        await using var host = Start(redis.ConnectionString + ",syncTimeout=1000,asyncTimeout=1000");
        var client = new AugmentationService.AugmentationServiceClient(host.Channel);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetPlanAsync(new PlanRef { PlanId = "p1" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        // Kept open until the end: closing a connection waits for the pause to end.
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "3000", "ALL");
        var stalled = await Assert.ThrowsAsync<RpcException>(() => client.GetPlanAsync(new PlanRef { PlanId = "p1" }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, stalled.StatusCode);
        Assert.StartsWith("a Redis request timed out (Timeout ", stalled.Status.Detail);
        Assert.Contains("overloaded: retry", stalled.Status.Detail);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var after = await Assert.ThrowsAsync<RpcException>(() => client.GetPlanAsync(new PlanRef { PlanId = "p1" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public void Service_defaults_raise_the_thread_pool_floor_that_synchronous_redis_calls_wait_on()
    {
        using var host = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder().AddServiceDefaults().Build();

        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= ServiceDefaultsExtensions.MinWorkerThreads,
            $"thread pool floor {workers} workers");
    }

    [Fact]
    public async Task A_request_that_runs_out_of_memory_is_resource_exhausted_with_what_to_lower()
    {
        var interceptor = new ImbalanceMesh.ServiceDefaults.Errors.ErrorStatusInterceptor([]);

        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<PlanRef, Plan>(
            new PlanRef { PlanId = "p1" }, null!, (_, _) => throw new OutOfMemoryException("Array dimensions exceeded supported range.")));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("this service ran out of memory serving the request (Array dimensions exceeded supported range.); " +
            "lower the batch size or image size, or give the service more memory, then retry", error.Status.Detail);
    }

    [Fact]
    public async Task An_upstream_service_that_is_down_is_unavailable_naming_that_service()
    {
        await using var host = Start(redis.ConnectionString);
        var client = new AugmentationService.AugmentationServiceClient(host.Channel);
        var spec = new PlanSpec { Dataset = new DatasetRef { Dataset = "demo" }, BatchSize = 8, ImageSize = 16 };

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreatePlanAsync(spec).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.StartsWith("the ingestion service is not reachable (", error.Status.Detail);
        Assert.EndsWith("is it running?", error.Status.Detail);
    }

    [Fact]
    public async Task A_message_too_long_for_the_grpc_trailer_keeps_its_status_and_is_cut_with_what_was_left_out()
    {
        await using var host = Start(redis.ConnectionString);
        var client = new AugmentationService.AugmentationServiceClient(host.Channel);
        var id = new string('x', 200_000);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetPlanAsync(new PlanRef { PlanId = id }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.StartsWith("plan 'xxxx", error.Status.Detail);
        Assert.Matches(@" … and [\d,]+ more characters$", error.Status.Detail);
        Assert.InRange(error.Status.Detail.Length, 1, 2100);
        var next = await Assert.ThrowsAsync<RpcException>(() => client.GetPlanAsync(new PlanRef { PlanId = "p2" }).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, "plan 'p2' does not exist; create it with CreatePlan."), (next.StatusCode, next.Status.Detail));
    }
}
