using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Tests.Support;

namespace ImbalanceMesh.Training.Tests;

public sealed class StrategySpecTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("oversample+balanced", "two samplings")]
    [InlineData("mixup+smote", "Unknown part 'smote'")]
    [InlineData("oversample", "the spec sets sampling 'balanced' but strategy 'oversample' means sampling 'oversample'")]
    [InlineData("focal", "the spec sets loss 'logit-adjusted' but strategy 'focal' means loss 'focal'")]
    [InlineData("ce+drw=2", "starts re-weighting at epoch 2 (0-based) but the job has 2 epochs")]
    public async Task A_bad_or_contradicted_strategy_is_invalid_argument(string strategy, string expected)
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var spec = TrainingMesh.TinySpec(2, loss: "logit-adjusted");
        spec.Strategy = strategy;
        var error = await Assert.ThrowsAsync<RpcException>(() => client.StartTrainingAsync(spec).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(expected, error.Status.Detail);
        Assert.Empty((await client.ListJobsAsync(new ListJobsRequest())).Jobs);
    }

    [Fact]
    public async Task A_sampling_or_mixing_strategy_needs_an_inline_plan()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var spec = TrainingMesh.TinySpec(2);
        spec.Plan = null;
        spec.PlanId = "any";
        spec.Strategy = "mixup";
        var error = await Assert.ThrowsAsync<RpcException>(() => client.StartTrainingAsync(spec).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("needs an inline plan", error.Status.Detail);
    }

    [Fact]
    public async Task An_augmentation_part_sets_the_plans_strength_and_keeps_its_flips_and_the_job_trains()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var spec = TrainingMesh.TinySpec(1);
        spec.Plan.Augmentation = ImbalanceMesh.Contracts.AugmentationPresets.Get("light");
        spec.Plan.Augmentation.HorizontalFlip = false; // e.g. digits: never mirrored
        spec.Strategy = "balanced+aug=strong";

        var job = await client.StartTrainingAsync(spec);

        var augmentation = job.Spec.Plan.Augmentation;
        Assert.Equal((true, 25.0, 0.85, 10.0), (augmentation.Enabled, augmentation.RotationDegrees, augmentation.CropFraction, augmentation.ShearDegrees));
        Assert.False(augmentation.HorizontalFlip);
        Assert.Equal(JobState.JobSucceeded, (await client.WatchToEndAsync(job.JobId, Patience)).Last().Finished.State);

        var unaugmented = TrainingMesh.TinySpec(1);
        unaugmented.Plan.Augmentation = null;
        unaugmented.Strategy = "balanced+aug=medium";
        var medium = await client.StartTrainingAsync(unaugmented);
        await client.CancelJobAsync(new JobRef { JobId = medium.JobId });
        Assert.Equal(ImbalanceMesh.Contracts.AugmentationPresets.Get("medium"), medium.Spec.Plan.Augmentation); // the preset as it is, flips included
    }

    [Fact]
    public async Task A_composition_fills_plan_and_loss_and_trains_and_only_a_double_correction_is_warned()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);

        var composed = TrainingMesh.TinySpec(3);
        composed.Plan.Sampling.Policy = SamplingPolicy.SamplingNone;
        composed.Loss.Name = "";
        composed.Strategy = "Oversample+remix+mix-off+drw=1";
        var job = await client.StartTrainingAsync(composed);
        Assert.Equal("oversample+remix+mix-off+drw=1", job.Spec.Strategy);
        Assert.Equal(SamplingPolicy.SamplingOversample, job.Spec.Plan.Sampling.Policy);
        Assert.Equal((0.2, true, 1), (job.Spec.Plan.Mix.MixupAlpha, job.Spec.Plan.Mix.Remix, job.Spec.Plan.Mix.OffLastEpochs));
        Assert.Equal(("ce", true, 1), (job.Spec.Loss.Name, job.Spec.Loss.DeferredReweighting, job.Spec.Loss.DrwStartEpoch));
        // Oversampled batches and DRW both correct the imbalance: warned, and trained all the same.
        Assert.Contains("corrects the imbalance twice", Assert.Single(job.Warnings));
        Assert.Equal(job.Warnings, (await client.GetJobAsync(new JobRef { JobId = job.JobId })).Warnings);
        var finished = (await client.WatchToEndAsync(job.JobId, Patience)).Last().Finished;
        Assert.Equal(JobState.JobSucceeded, finished.State);
        Assert.Equal(3, finished.EpochsDone);

        var once = TrainingMesh.TinySpec(1); // balanced batches with plain ce: one correction
        once.Strategy = "ce";
        var plain = await client.StartTrainingAsync(once);
        Assert.Empty(plain.Warnings);
        Assert.Equal(JobState.JobSucceeded, (await client.WatchToEndAsync(plain.JobId, Patience)).Last().Finished.State);
    }
}
