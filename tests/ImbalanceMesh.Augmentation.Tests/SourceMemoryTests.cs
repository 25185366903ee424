using Grpc.Core;
using ImbalanceMesh.Augmentation.Production;
using ImbalanceMesh.Augmentation.Sources;
using ImbalanceMesh.Augmentation.Tests.Support;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImbalanceMesh.Augmentation.Tests;

/// <summary>Sources are an index plus a bounded per-sample pixel cache (issue 17, item 1).</summary>
[Collection(MeshCollection.Name)]
public class SourceMemoryTests(MeshFixture mesh)
{
    // The demo set is 24×24 RGB: 1,728 bytes of decoded pixels a sample; its train split about 166.
    private const int SampleBytes = 24 * 24 * 3;

    [Fact]
    public async Task A_pixel_budget_too_small_for_one_batch_is_refused_at_creation_with_the_numbers()
    {
        var client = await mesh.ClientOnOwnRedisAsync(new Dictionary<string, string?> { ["Augmentation:SourceMemoryBytes"] = $"{16 * SampleBytes - 1}" });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreatePlanAsync(MeshFixture.Spec(seed: 71, batch: 16)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("one batch draws on up to 16 source images of up to 1,728 bytes of decoded pixels each (27,648 bytes (27.0 KiB))", error.Status.Detail);
        Assert.Contains("more than the 27,647 bytes (27.0 KiB) of decoded source pixels this service may hold (Augmentation:SourceMemoryBytes)", error.Status.Detail);
        Assert.Contains("at most 15 such images fit", error.Status.Detail);
        Assert.NotNull(await client.CreatePlanAsync(MeshFixture.Spec(seed: 71, batch: 15)));
    }

    [Fact]
    public async Task A_pixel_cache_of_one_batch_serves_a_whole_split_with_the_same_bytes_and_keeps_rgb_as_rgb()
    {
        // Room for exactly one batch of 16, a tenth of the split: every batch fetches what it lacks and the cache evicts.
        var small = mesh.StartAugmentation(await mesh.StartRedisAsync(),
            new Dictionary<string, string?> { ["Augmentation:SourceMemoryBytes"] = $"{16 * SampleBytes}", ["Augmentation:ReadAhead"] = "0" });
        var reference = await mesh.ClientOnOwnRedisAsync(new Dictionary<string, string?> { ["Augmentation:ReadAhead"] = "0" });
        var client = new AugmentationService.AugmentationServiceClient(small.Channel);
        var spec = MeshFixture.Spec(seed: 72, batch: 16, policy: SamplingPolicy.SamplingNone, epochs: 1);
        var plan = await client.CreatePlanAsync(spec);
        Assert.Equal(plan.PlanId, (await reference.CreatePlanAsync(spec)).PlanId);

        var seen = new List<long>();
        for (var k = 0; k < plan.StepsPerEpoch; k++)
        {
            var batch = await client.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Index = k });
            var same = await reference.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Index = k });
            Assert.False(batch.CacheHit);
            Assert.Equal(same.Data.ToByteArray(), batch.Data.ToByteArray());
            seen.AddRange(BatchFormat.Read(batch.Data.Span).SampleIds);
        }

        Assert.Equal(plan.SourceSamples, seen.Count);
        Assert.Equal(plan.SourceSamples, seen.Distinct().Count());
        var cache = small.Services.GetRequiredService<PixelCache>();
        Assert.InRange(cache.Bytes, 1, 16 * SampleBytes);
        // Kept as Ingestion sends it: 3 bytes a pixel (not RGBA).
        Assert.Equal(cache.Count * (long)SampleBytes, cache.Bytes);
    }

    [Fact]
    public async Task A_replica_serves_a_batch_already_in_redis_without_loading_the_split()
    {
        var redis = await mesh.StartRedisAsync();
        var first = new AugmentationService.AugmentationServiceClient(mesh.StartAugmentation(redis).Channel);
        var replica = mesh.StartAugmentation(redis);
        var plan = await first.CreatePlanAsync(MeshFixture.Spec(seed: 73, batch: 16, epochs: 1));
        var last = plan.StepsPerEpoch - 1;  // nothing to read ahead after the plan's last batch
        await first.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Index = last });

        var served = await new AugmentationService.AugmentationServiceClient(replica.Channel).GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Index = last });

        Assert.True(served.CacheHit);
        Assert.Equal(0, replica.Services.GetRequiredService<PlanRuntimes>().Count);
        Assert.Equal(0, replica.Services.GetRequiredService<PixelCache>().Count);
    }
}
