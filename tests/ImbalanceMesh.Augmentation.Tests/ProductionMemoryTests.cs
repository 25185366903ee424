using System.Diagnostics;
using System.Runtime.CompilerServices;
using ImbalanceMesh.Augmentation.Caching;
using ImbalanceMesh.Augmentation.Production;
using ImbalanceMesh.Augmentation.Tests.Support;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit;

namespace ImbalanceMesh.Augmentation.Tests;

/// <summary>What a process holds while it makes and serves batches (issue 17: ≤ 1 GB at 224 px RGB).</summary>
[Collection(MeshCollection.Name)]
public class ProductionMemoryTests(MeshFixture mesh)
{
    [Fact]
    public async Task Concurrent_requests_and_read_ahead_never_make_more_batches_at_once_than_the_bound()
    {
        var host = mesh.StartAugmentation(await mesh.StartRedisAsync(), new Dictionary<string, string?>
        {
            ["Augmentation:MaxConcurrentProductions"] = "2",
            ["Augmentation:ReadAhead"] = "4",
        });
        var client = new AugmentationService.AugmentationServiceClient(host.Channel);
        var spec = MeshFixture.Spec(seed: 95, batch: 32, epochs: 1).With(s =>
        {
            s.ImageSize = 64;
            s.Sampling.StepsPerEpoch = 12;
        });
        var plan = await client.CreatePlanAsync(spec);

        // Eight consumers at once, each asking for a different batch (and setting off read-ahead after it).
        var served = await Task.WhenAll(Enumerable.Range(0, 8).Select(k => Task.Run(async () =>
            await client.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Index = k }).ResponseAsync)));

        Assert.Equal(Enumerable.Range(0, 8), served.Select(b => BatchFormat.Read(b.Data.Span).Index));
        var slots = host.Services.GetRequiredService<ProductionSlots>();
        Assert.Equal(2, slots.Limit);
        Assert.InRange(slots.Peak, 1, 2);
        Assert.InRange((await client.GetPlanStatusAsync(new PlanRef { PlanId = plan.PlanId })).Produced, 8, plan.StepsPerEpoch);
    }

    [Fact]
    public async Task A_stored_batch_is_garbage_once_stored_even_under_a_traced_span()
    {
        var host = mesh.StartAugmentation(await mesh.StartRedisAsync());
        var cache = host.Services.GetRequiredService<BatchCache>();
        using var span = new Activity("test.store").Start();

        // Several at once, as the producers of one process store them, each in several parts.
        var stored = await Task.WhenAll(Enumerable.Range(0, 4).Select(k => StoreAsync(cache, k)));
        // The connection lets go of a command's arguments once it has written the next one.
        Assert.True(await cache.StoreAsync("memory-plan", 1, 0, new byte[16]));
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        // Redis command tracing kept the command, with the batch as its argument, until the span ended and the
        // next flush: 19 MB a batch at 224 px RGB, alive for 10 s or more.
        Assert.Equal(0, stored.Count(s => s.IsAlive));
        for (var k = 0; k < 4; k++) Assert.Equal(3 << 20, (await cache.GetAsync("memory-plan", 0, k))!.Length);
    }

    [Fact]
    public async Task Batches_larger_than_a_redis_clients_buffer_limit_are_cached_and_served_whole()
    {
        // No command or reply of this Redis may hold more than 2 MB (it closes such a client): a batch must travel in parts.
        var redis = await mesh.StartRedisAsync();
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true"))
        {
            var server = admin.GetServer(admin.GetEndPoints()[0]);
            await server.ConfigSetAsync("client-query-buffer-limit", "2mb");
            await server.ConfigSetAsync("client-output-buffer-limit", "normal 2mb 2mb 0");
        }
        var client = new AugmentationService.AugmentationServiceClient(
            mesh.StartAugmentation(redis, new Dictionary<string, string?> { ["Augmentation:ReadAhead"] = "0" }).Channel);
        var plan = await client.CreatePlanAsync(MeshFixture.Spec(seed: 96, batch: 64, epochs: 1).With(s => s.ImageSize = 128));

        var made = await client.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Index = 1 });
        var cached = await client.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Index = 1 });

        Assert.True(made.Data.Length > 3 * BatchCache.PartBytes, $"{made.Data.Length} bytes");
        Assert.False(made.CacheHit);
        Assert.True(cached.CacheHit);
        Assert.Equal(made.Data.ToByteArray(), cached.Data.ToByteArray());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> StoreAsync(BatchCache cache, int index)
    {
        var data = new byte[3 << 20];
        Assert.True(await cache.StoreAsync("memory-plan", 0, index, data));
        return new WeakReference(data);
    }
}
