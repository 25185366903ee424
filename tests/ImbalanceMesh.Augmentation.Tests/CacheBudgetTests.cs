using Grpc.Core;
using ImbalanceMesh.Augmentation.Caching;
using ImbalanceMesh.Augmentation.Tests.Support;
using ImbalanceMesh.Contracts.V1;
using Xunit;

namespace ImbalanceMesh.Augmentation.Tests;

[Collection(MeshCollection.Name)]
public class CacheBudgetTests(MeshFixture mesh)
{
    [Fact]
    public async Task The_cache_never_holds_more_than_its_budget_and_evicted_batches_are_remade()
    {
        var redis = await mesh.StartRedisAsync();
        // One 16-image 16×16 RGB batch is ~12.9 kB: a 40 kB budget holds three, and the window of one read ahead fits.
        const long budget = 40_000;
        var host = mesh.StartAugmentation(redis, new Dictionary<string, string?>
        {
            ["Augmentation:CacheBudgetBytes"] = budget.ToString(),
            ["Augmentation:ReadAhead"] = "1",
        });
        var client = new AugmentationService.AugmentationServiceClient(host.Channel);
        var plan = await client.CreatePlanAsync(MeshFixture.Spec(seed: 61, epochs: 2));
        Assert.Equal(budget, (await client.GetPlanStatusAsync(new PlanRef { PlanId = plan.PlanId })).CacheBudgetBytes);
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        var first = new List<byte[]>();
        for (var k = 0; k < plan.StepsPerEpoch; k++)
        {
            first.Add((await client.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Epoch = 0, Index = k })).Data.ToByteArray());
            // One atomic read of every batch key's size: read-ahead producers are storing and evicting meanwhile.
            var keys = Enumerable.Range(0, plan.StepsPerEpoch).Select(j => CacheKeys.Batch(plan.PlanId, 0, j)).ToArray();
            var stored = (long)await db.ScriptEvaluateAsync(
                "local s = 0 for _, k in ipairs(KEYS) do s = s + redis.call('STRLEN', k) end return s", keys);
            Assert.InRange(stored, 0, budget);
            Assert.InRange((long)await db.StringGetAsync(CacheKeys.UsedBytes), 0, budget);
        }
        // Early batches were evicted; asking again remakes identical bytes.
        var again = await client.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Epoch = 0, Index = 0 });
        Assert.Equal(first[0], again.Data.ToByteArray());
    }

    [Fact]
    public async Task A_plan_whose_read_ahead_window_overflows_the_cache_budget_is_refused_at_creation()
    {
        // 64 images of 3×16×16 are 51,008 bytes; five in flight (ReadAhead 4) need 255,040: more than 100 kB.
        var client = await mesh.ClientOnOwnRedisAsync(new Dictionary<string, string?> { ["Augmentation:CacheBudgetBytes"] = "100000" });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreatePlanAsync(MeshFixture.Spec(seed: 62, batch: 64)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("a batch of 64 images of 3×16×16 uint8 pixels is 51,008 bytes (49.8 KiB)", error.Status.Detail);
        Assert.Contains("need 255,040 bytes (249.1 KiB), more than the Redis cache budget of 100,000 bytes (97.7 KiB) (Augmentation:CacheBudgetBytes)", error.Status.Detail);
        Assert.Contains("at most 25 images of this size fit", error.Status.Detail);
        Assert.NotNull(await client.CreatePlanAsync(MeshFixture.Spec(seed: 62, batch: 25)));
    }
}
