using Grpc.Core;
using ImbalanceMesh.Augmentation.Tests.Support;
using ImbalanceMesh.Contracts.V1;
using Xunit;

namespace ImbalanceMesh.Augmentation.Tests;

[Collection(MeshCollection.Name)]
public class PlanTests(MeshFixture mesh)
{
    [Fact]
    public async Task Create_resolves_the_version_and_the_same_plan_gets_the_same_id()
    {
        var plan = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 5));
        Assert.Equal(1, plan.ResolvedVersion);
        Assert.Equal(["circle", "square", "triangle"], plan.Classes);
        var statistics = await new IngestionService.IngestionServiceClient(mesh.Ingestion.Channel)
            .GetStatisticsAsync(new StatisticsRequest { Dataset = new DatasetRef { Dataset = MeshFixture.Dataset }, Split = Split.Train });
        Assert.Equal(statistics.Total, plan.SourceSamples);
        Assert.Equal((plan.SourceSamples + 15) / 16, plan.StepsPerEpoch);
        var again = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 5));
        var other = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 6));
        Assert.Equal(plan.PlanId, again.PlanId);
        Assert.NotEqual(plan.PlanId, other.PlanId);
        Assert.Equal(plan, await mesh.Client.GetPlanAsync(new PlanRef { PlanId = plan.PlanId }));

        // The training mix: balanced batches hold the classes equally; natural sampling holds the split's own counts.
        Assert.Equal(plan.StepsPerEpoch * 16L, plan.EpochClassCounts.Sum());
        Assert.True(plan.EpochClassCounts.Max() - plan.EpochClassCounts.Min() <= plan.StepsPerEpoch, string.Join(", ", plan.EpochClassCounts));
        var natural = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 5, policy: SamplingPolicy.SamplingNone));
        Assert.Equal(plan.Classes.Select(c => statistics.Classes.Single(s => s.Name == c).Count), natural.EpochClassCounts);
    }

    [Fact]
    public async Task Validation_plans_never_augment_or_mix()
    {
        var plan = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(split: Split.Val, mixup: 0.4, cutmix: 1.0));
        Assert.False(plan.Spec.Augmentation.Enabled);
        Assert.Equal(0, plan.Spec.Mix.MixupAlpha);
        var batch = await BatchChecks.GetAsync(mesh.Client, plan.PlanId, 0, 0);
        Assert.All(batch.Lambdas, l => Assert.Equal(1f, l));
    }

    public static TheoryData<string, PlanSpec, StatusCode, string> InvalidPlans() => new()
    {
        { "negative mixup α", MeshFixture.Spec() .With(s => s.Mix.MixupAlpha = -0.2), StatusCode.InvalidArgument, "mixup_alpha" },
        { "negative cutmix α", MeshFixture.Spec().With(s => s.Mix.CutmixAlpha = -1), StatusCode.InvalidArgument, "cutmix_alpha" },
        { "batch 0", MeshFixture.Spec(batch: 0), StatusCode.InvalidArgument, "batch_size must be 1..4096, got 0" },
        { "image size 0", MeshFixture.Spec().With(s => s.ImageSize = 0), StatusCode.InvalidArgument, "image_size must be 1..1024, got 0" },
        { "image size 10000", MeshFixture.Spec().With(s => s.ImageSize = 10_000), StatusCode.InvalidArgument, "image_size must be 1..1024, got 10000" },
        { "unknown class", MeshFixture.Spec(policy: SamplingPolicy.SamplingRarePlusSlice).With(s => s.Sampling.RareClasses.Add("zebra")),
            StatusCode.InvalidArgument, "unknown class 'zebra'" },
        { "unknown dataset", MeshFixture.Spec().With(s => s.Dataset.Dataset = "nope"), StatusCode.NotFound, "dataset 'nope' does not exist" },
        { "unknown version", MeshFixture.Spec().With(s => s.Dataset.Version = 9), StatusCode.NotFound, "has no version 9" },
        { "target ratio above 1", MeshFixture.Spec(policy: SamplingPolicy.SamplingOversample).With(s => s.Sampling.TargetRatio = 2),
            StatusCode.InvalidArgument, "target_ratio" },
        { "remix without mixing", MeshFixture.Spec().With(s => s.Mix.Remix = true), StatusCode.InvalidArgument, "the plan mixes nothing" },
        { "remix κ below 1", MeshFixture.Spec(mixup: 0.2).With(s => (s.Mix.Remix, s.Mix.RemixKappa) = (true, 0.5)), StatusCode.InvalidArgument, "remix_kappa must be a number >= 1" },
        { "mixing off every epoch", MeshFixture.Spec(mixup: 0.2, epochs: 2).With(s => s.Mix.OffLastEpochs = 2), StatusCode.InvalidArgument,
            "off_last_epochs 2 switches mixing off for every one of the plan's 2 epochs" },
        { "explicit epochs 0", MeshFixture.Spec(epochs: 0), StatusCode.InvalidArgument, "epochs must be 1..100000, got 0" },
        { "a 12.9 GB batch", MeshFixture.Spec(batch: 4096).With(s => (s.ImageSize, s.Channels) = (1024, 3)), StatusCode.ResourceExhausted,
            "a batch of 4096 images of 3×1024×1024 uint8 pixels is 12,885,016,640 bytes (12.0 GiB), more than the 33,554,432 bytes (32.0 MiB) one batch may take (Augmentation:MaxBatchBytes); at most 10 images of this size fit" },
    };

    [Theory]
    [MemberData(nameof(InvalidPlans))]
    public async Task Invalid_plans_are_refused_with_a_clear_message(string why, PlanSpec spec, StatusCode code, string message)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => mesh.Client.CreatePlanAsync(spec).ResponseAsync);
        Assert.True(code == error.StatusCode, $"{why}: {error.StatusCode} {error.Status.Detail}");
        Assert.Contains(message, error.Status.Detail);
    }

    [Fact]
    public async Task Unknown_plans_and_batches_outside_the_plan_are_refused()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => mesh.Client.GetBatchAsync(new BatchRequest { PlanId = "0123", Epoch = 0 }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var plan = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 77));
        var outside = await Assert.ThrowsAsync<RpcException>(() =>
            mesh.Client.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Epoch = 0, Index = plan.StepsPerEpoch }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, outside.StatusCode);
        Assert.Contains($"0..{plan.StepsPerEpoch - 1}", outside.Status.Detail);
    }
}

internal static class SpecExtensions
{
    public static PlanSpec With(this PlanSpec spec, Action<PlanSpec> change)
    {
        change(spec);
        return spec;
    }
}
