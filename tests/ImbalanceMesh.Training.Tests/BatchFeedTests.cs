using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Testing;
using ImbalanceMesh.Training.Loop;
using ImbalanceMesh.Training.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace ImbalanceMesh.Training.Tests;

public sealed class BatchFeedTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    [Fact]
    public async Task Cached_batches_come_straight_from_Redis_and_the_first_miss_streams_the_rest_from_augmentation()
    {
        var plan = await mesh.AugmentationClient.CreatePlanAsync(TrainingMesh.TinyPlan(epochs: 1));
        var produced = await StreamEpochAsync(plan);
        // The feed reads from a Redis of its own holding batches 0 and 1 only, so whatever reaches the augmentation
        // service (which has all four cached) shows up in its counters.
        await using var own = new RedisServer();
        await own.InitializeAsync();
        await using var ownRedis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString);
        await using var meshRedis = await ConnectionMultiplexer.ConnectAsync(mesh.RedisConnectionString);
        foreach (var index in new[] { 0, 1 })
        {
            var key = BatchCacheLayout.BatchKey(plan.PlanId, 0, index);
            Assert.True(await ownRedis.GetDatabase().StringSetAsync(key, await meshRedis.GetDatabase().StringGetAsync(key)));
        }
        var before = await mesh.AugmentationClient.GetPlanStatusAsync(new PlanRef { PlanId = plan.PlanId });

        var fed = await FeedEpochAsync(new CachedBatches(ownRedis, NullLogger<CachedBatches>.Instance), plan);

        Assert.Equal(produced, fed);
        var after = await mesh.AugmentationClient.GetPlanStatusAsync(new PlanRef { PlanId = plan.PlanId });
        Assert.Equal(before.Hits + 2, after.Hits);
        Assert.Equal(before.Misses, after.Misses);
        var directHits = await ownRedis.GetDatabase().HashGetAsync(BatchCacheLayout.StatisticsKey(plan.PlanId), BatchCacheLayout.HitsField);
        Assert.Equal(2, (long)directHits);
    }

    [Fact]
    public async Task A_Redis_that_does_not_answer_makes_every_batch_a_miss_served_by_the_augmentation_service()
    {
        var plan = await mesh.AugmentationClient.CreatePlanAsync(TrainingMesh.TinyPlan(epochs: 2));
        var produced = await StreamEpochAsync(plan);
        var options = ConfigurationOptions.Parse($"127.0.0.1:{FreePort.Next()}");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 200;
        await using var unreachable = await ConnectionMultiplexer.ConnectAsync(options);

        var fed = await FeedEpochAsync(new CachedBatches(unreachable, NullLogger<CachedBatches>.Instance), plan);

        Assert.Equal(produced, fed);
    }

    private async Task<List<(int Index, string Pixels)>> StreamEpochAsync(Plan plan)
    {
        using var call = mesh.AugmentationClient.StreamBatches(new StreamBatchesRequest { PlanId = plan.PlanId, Epoch = 0 });
        var batches = new List<(int, string)>();
        await foreach (var batch in call.ResponseStream.ReadAllAsync())
        {
            var read = BatchFormat.Read(batch.Data.Span);
            batches.Add((read.Index, Convert.ToHexString(read.Pixels)));
        }
        Assert.Equal(plan.StepsPerEpoch, batches.Count);
        return batches;
    }

    private async Task<List<(int Index, string Pixels)>> FeedEpochAsync(CachedBatches cache, Plan plan)
    {
        var fed = new List<(int, string)>();
        await using var feed = new BatchFeed(mesh.AugmentationClient, cache, plan, 0, prefetch: 2, CancellationToken.None);
        while (await feed.NextAsync(CancellationToken.None) is { } batch)
        {
            using var _ = batch;
            fed.Add((batch.Batch.Index, Convert.ToHexString(batch.Batch.Pixels)));
        }
        return fed;
    }
}
