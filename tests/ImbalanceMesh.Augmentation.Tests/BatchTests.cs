using Grpc.Core;
using ImbalanceMesh.Augmentation.Tests.Support;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using Xunit;

namespace ImbalanceMesh.Augmentation.Tests;

[Collection(MeshCollection.Name)]
public class BatchTests(MeshFixture mesh)
{
    [Fact]
    public async Task Balanced_batches_through_the_rpc_are_exactly_balanced()
    {
        var plan = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 11, batch: 30));
        for (var k = 0; k < plan.StepsPerEpoch; k++)
        {
            var batch = await BatchChecks.GetAsync(mesh.Client, plan.PlanId, 0, k);
            Assert.Equal([10, 10, 10], BatchChecks.LabelCounts(batch));
            Assert.Equal((30, 3, 16, 16), (batch.Count, batch.Channels, batch.Height, batch.Width));
        }
    }

    [Fact]
    public async Task Mixup_through_the_rpc_gives_beta_lambdas_and_soft_labels_that_sum_to_one()
    {
        const double alpha = 0.4;
        var plan = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 12, batch: 32, mixup: alpha));
        var lambdas = new List<float>();
        for (var k = 0; k < plan.StepsPerEpoch; k++)
        {
            var batch = await BatchChecks.GetAsync(mesh.Client, plan.PlanId, 1, k);
            lambdas.AddRange(batch.Lambdas);
            for (var i = 0; i < batch.Count; i++)
                Assert.Equal(1.0, batch.SoftLabels.AsSpan(i * 3, 3).ToArray().Sum(), 5);
        }
        var n = lambdas.Count;
        var sd = Math.Sqrt(1 / (4 * (2 * alpha + 1)));
        Assert.InRange(lambdas.Average(), 0.5 - 4 * sd / Math.Sqrt(n), 0.5 + 4 * sd / Math.Sqrt(n));
        Assert.Contains(lambdas, l => l < 0.99f);
    }

    [Fact]
    public async Task Remix_labels_go_to_the_rare_partner_and_the_last_epochs_are_not_mixed()
    {
        var remix = MeshFixture.Spec(seed: 14, batch: 30, mixup: 0.4, epochs: 3).With(s => (s.Mix.Remix, s.Mix.OffLastEpochs) = (true, 1));
        var plan = await mesh.Client.CreatePlanAsync(remix);
        Assert.Equal((true, 3.0, 0.5), (plan.Spec.Mix.Remix, plan.Spec.Mix.RemixKappa, plan.Spec.Mix.RemixTau));
        var plain = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 14, batch: 30, mixup: 0.4, epochs: 3));
        Assert.False(plain.Spec.Mix.HasRemixKappa);

        // A sample whose label is all its partner's although most of its pixels are its own: only Remix does that
        // (a circle, 3× or more the images of a square or triangle, mixed with λ < τ = 0.5).
        async Task<int> RelabelledAsync(Plan p, int epoch)
        {
            var relabelled = 0;
            for (var k = 0; k < p.StepsPerEpoch; k++)
            {
                var batch = await BatchChecks.GetAsync(mesh.Client, p.PlanId, epoch, k);
                for (var i = 0; i < batch.Count; i++)
                    if (batch.Lambdas[i] is > 0.05f and < 0.45f && batch.SoftLabels[i * 3 + batch.Labels[i]] == 0) relabelled++;
            }
            return relabelled;
        }
        Assert.True(await RelabelledAsync(plan, 0) > 0);
        Assert.Equal(0, await RelabelledAsync(plain, 0));

        for (var k = 0; k < plan.StepsPerEpoch; k++)
        {
            var last = await BatchChecks.GetAsync(mesh.Client, plan.PlanId, 2, k);
            Assert.All(last.Lambdas, l => Assert.Equal(1f, l));
            for (var i = 0; i < last.Count; i++) Assert.Equal(1f, last.SoftLabels[i * 3 + last.Labels[i]]);
        }
    }

    [Fact]
    public async Task A_plan_without_alphas_mixes_nothing_and_float16_batches_are_normalised()
    {
        var spec = MeshFixture.Spec(seed: 13, augment: false).With(s => s.PixelFormat = PixelFormat.Float16);
        var plan = await mesh.Client.CreatePlanAsync(spec);
        var batch = await BatchChecks.GetAsync(mesh.Client, plan.PlanId, 0, 0);
        Assert.All(batch.Lambdas, l => Assert.Equal(1f, l));
        Assert.Equal(BatchPixelFormat.Float16, batch.PixelFormat);
        Assert.All(batch.NormalizedPixels(), v => Assert.InRange(v, -1.001f, 1.001f));
    }

    [Fact]
    public async Task Without_augmentation_an_epoch_that_repeats_images_augments_the_originals_too()
    {
        // Oversampling copies only the rarer classes. Were only the copies augmented, "augmented" would mean "rare"
        // (a model trained on rare-plus-slice batches learned exactly that and called every real rare image common).
        var plain = await ImagesByIdAsync(MeshFixture.Spec(seed: 31, batch: 32, policy: SamplingPolicy.SamplingNone, augment: false, epochs: 1));
        var oversampled = await ImagesByIdAsync(MeshFixture.Spec(seed: 31, batch: 32, policy: SamplingPolicy.SamplingOversample, augment: false, epochs: 1));

        var circles = oversampled.Where(kv => kv.Value.Label == 0).ToList();
        Assert.Equal(plain.Count(kv => kv.Value.Label == 0), circles.Count);
        var unchanged = circles.Count(kv => kv.Value.Pixels.SequenceEqual(plain[kv.Key].Pixels));
        Assert.True(unchanged <= circles.Count / 10, $"{unchanged} of {circles.Count} majority originals rendered plain");
    }

    /// <summary>Epoch 0 of a plan: each sample id's first image in it.</summary>
    private async Task<Dictionary<long, (int Label, byte[] Pixels)>> ImagesByIdAsync(PlanSpec spec)
    {
        var plan = await mesh.Client.CreatePlanAsync(spec);
        var images = new Dictionary<long, (int, byte[])>();
        for (var k = 0; k < plan.StepsPerEpoch; k++)
        {
            var batch = await BatchChecks.GetAsync(mesh.Client, plan.PlanId, 0, k);
            for (var i = 0; i < batch.Count; i++)
                images.TryAdd(batch.SampleIds[i], (batch.Labels[i], batch.Pixels.AsSpan(i * batch.ImageValues, batch.ImageValues).ToArray()));
        }
        return images;
    }

    [Fact]
    public async Task Two_service_instances_on_separate_caches_make_byte_identical_batches()
    {
        var otherRedis = await mesh.StartRedisAsync();
        var other = mesh.StartAugmentation(otherRedis);
        var otherClient = new AugmentationService.AugmentationServiceClient(other.Channel);
        var spec = MeshFixture.Spec(seed: 21, mixup: 0.2, cutmix: 1.0);
        var a = await mesh.Client.CreatePlanAsync(spec);
        var b = await otherClient.CreatePlanAsync(spec);
        Assert.Equal(a.PlanId, b.PlanId);
        foreach (var (epoch, index) in new[] { (0, 0), (0, 3), (1, 2) })
        {
            var fromA = await mesh.Client.GetBatchAsync(new BatchRequest { PlanId = a.PlanId, Epoch = epoch, Index = index });
            var fromB = await otherClient.GetBatchAsync(new BatchRequest { PlanId = a.PlanId, Epoch = epoch, Index = index });
            Assert.Equal(fromA.Data.ToByteArray(), fromB.Data.ToByteArray());
        }
    }

    [Fact]
    public async Task Redis_flushed_mid_epoch_the_consumer_still_receives_every_batch()
    {
        var plan = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 31, mixup: 0.2));
        var expected = new List<byte[]>();
        for (var k = 0; k < plan.StepsPerEpoch; k++)
            expected.Add((await mesh.Client.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Epoch = 0, Index = k })).Data.ToByteArray());

        var stream = mesh.Client.StreamBatches(new StreamBatchesRequest { PlanId = plan.PlanId, Epoch = 0 });
        var received = new List<byte[]>();
        await foreach (var batch in stream.ResponseStream.ReadAllAsync())
        {
            received.Add(batch.Data.ToByteArray());
            if (received.Count == 3) await mesh.Redis.FlushAllAsync(); // plan, batches, counters: all gone
        }
        Assert.Equal(expected.Count, received.Count);
        for (var k = 0; k < expected.Count; k++) Assert.Equal(expected[k], received[k]);
        // The plan itself survives the flush (re-persisted by the replica that knows it).
        Assert.Equal(plan.PlanId, (await mesh.Client.GetPlanAsync(new PlanRef { PlanId = plan.PlanId })).PlanId);
    }

    [Fact]
    public async Task A_second_run_of_a_plan_is_served_entirely_from_the_cache()
    {
        var plan = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 41, epochs: 1));
        var first = new List<Batch>();
        for (var k = 0; k < plan.StepsPerEpoch; k++)
            first.Add(await mesh.Client.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Epoch = 0, Index = k }));
        var second = new List<Batch>();
        var stream = mesh.Client.StreamBatches(new StreamBatchesRequest { PlanId = plan.PlanId, Epoch = 0 });
        await foreach (var batch in stream.ResponseStream.ReadAllAsync()) second.Add(batch);
        Assert.Equal(plan.StepsPerEpoch, second.Count);
        Assert.All(second, b => Assert.True(b.CacheHit, $"batch {b.Index} was not a cache hit"));
        Assert.Equal(first.Select(b => b.Data.ToByteArray()), second.Select(b => b.Data.ToByteArray()));
        var status = await mesh.Client.GetPlanStatusAsync(new PlanRef { PlanId = plan.PlanId });
        Assert.Equal(plan.StepsPerEpoch, status.Produced);
        Assert.Equal(plan.StepsPerEpoch, status.Cached);
        Assert.True(status.Hits >= plan.StepsPerEpoch);
        Assert.Equal(2L * plan.StepsPerEpoch, status.Hits + status.Misses);
    }

    [Fact]
    public async Task A_second_run_of_a_cached_plan_asks_redis_only_about_the_read_ahead_window()
    {
        var redis = await mesh.StartRedisAsync();
        var client = new AugmentationService.AugmentationServiceClient(mesh.StartAugmentation(redis).Channel);
        var plan = await client.CreatePlanAsync(MeshFixture.Spec(seed: 43, epochs: 3));
        for (var epoch = 0; epoch < 3; epoch++)
            await foreach (var _ in client.StreamBatches(new StreamBatchesRequest { PlanId = plan.PlanId, Epoch = epoch }).ResponseStream.ReadAllAsync()) { }
        await using var admin = await redis.ConnectAsync();
        var server = admin.GetServer(admin.GetEndPoints().Single());
        await Task.Delay(500); // the last read-ahead round settles
        await server.ConfigResetStatisticsAsync();

        var again = await client.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Epoch = 0, Index = 0 });
        await Task.Delay(500);

        Assert.True(again.CacheHit);
        var stats = (await server.InfoAsync("commandstats")).SelectMany(g => g).ToDictionary(kv => kv.Key, kv => kv.Value);
        var exists = stats.TryGetValue("cmdstat_exists", out var line) ? long.Parse(line.Split(',')[0]["calls=".Length..]) : 0;
        Assert.True(exists <= 4, $"{exists} EXISTS for one batch of a {3 * plan.StepsPerEpoch}-batch plan (read-ahead window 4)");
    }

    [Fact]
    public async Task Two_processes_sharing_a_plan_never_make_the_same_batch_twice()
    {
        var second = mesh.StartAugmentation(mesh.Redis);
        var clients = new[] { mesh.Client, new AugmentationService.AugmentationServiceClient(second.Channel) };
        var plan = await clients[0].CreatePlanAsync(MeshFixture.Spec(seed: 51, mixup: 0.2, epochs: 1));
        await Task.WhenAll(clients.Select(async c =>
        {
            for (var k = 0; k < plan.StepsPerEpoch; k++)
                await c.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Epoch = 0, Index = k });
        }));
        var status = await clients[1].GetPlanStatusAsync(new PlanRef { PlanId = plan.PlanId });
        Assert.Equal(plan.StepsPerEpoch, status.Produced);
        Assert.Equal(2L * plan.StepsPerEpoch, status.Hits + status.Misses);
    }
}
