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
        // One 16-image 16×16 RGB batch is ~12.9 kB: a 40 kB budget holds three.
        const long budget = 40_000;
        var host = mesh.StartAugmentation(redis, new Dictionary<string, string?> { ["Augmentation:CacheBudgetBytes"] = budget.ToString() });
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
}
