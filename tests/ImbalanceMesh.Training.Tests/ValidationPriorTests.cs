using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Core.Metrics;
using ImbalanceMesh.Modeling.Checkpoints;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Training.Specs;
using ImbalanceMesh.Training.Tests.Support;

namespace ImbalanceMesh.Training.Tests;

/// <summary>
/// Validation corrected for the training mix's prior (issue 17, item 3): a model trained on a 1:1:1 mix, scored on the
/// skewed VAL split (circle:square:triangle ≈ 4:2:1) as if it had been trained on that split's prior.
/// </summary>
public sealed class ValidationPriorTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    [Fact]
    public async Task Validation_adjusted_from_the_balanced_mix_to_the_skewed_split_scores_what_the_checkpoint_scores_after_the_shift()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var spec = TrainingMesh.TinySpec(1);
        spec.Plan.BatchSize = 15;     // balanced sampling: 5 + 5 + 5 in every batch, so the training mix is exactly 1:1:1
        spec.ValidationSamples = 0;   // the whole VAL split
        spec.ValidationPriorTau = 1;
        var job = await client.StartTrainingAsync(spec);

        var events = await client.WatchToEndAsync(job.JobId, TimeSpan.FromSeconds(120));
        Assert.Equal(JobState.JobSucceeded, events.Last().Finished.State);
        var epoch = events.Single(e => e.EventCase == JobEvent.EventOneofCase.Epoch).Epoch;
        Assert.Contains(events, e => e.EventCase == JobEvent.EventOneofCase.Log && e.Log.StartsWith("validation is prior-adjusted with τ = 1: from the training mix (circle 20, square 20, triangle 20)"));
        Assert.True(epoch.HasValBalancedAccuracyUnadjusted);

        // Score the job's checkpoint (its only epoch) on the same VAL batches, by hand: with π uniform, the adjusted
        // class is argmax_c log p_c + log q_c, q = the VAL split's class shares.
        var (bytes, card) = await client.DownloadCheckpointAsync(job.JobId);
        using var model = TrainedModel.Load(bytes, card, DevicePreference.Cpu);
        var (truth, probabilities) = await ScoreValidationAsync(model, job.PlanId);
        var k = job.Classes.Count;
        var shares = Enumerable.Range(0, k).Select(c => truth.Count(t => t == c) / (double)truth.Length).ToArray();
        Assert.True(shares[0] > 2 * shares[2], $"the VAL split is skewed: {string.Join(", ", shares)}");
        var own = new ScoreMatrix(probabilities, k).ArgMaxAll();
        var shifted = Enumerable.Range(0, truth.Length)
            .Select(i => Enumerable.Range(0, k).MaxBy(c => Math.Log(probabilities[i * k + c]) + Math.Log(shares[c]))).ToArray();

        Assert.Equal(BalancedAccuracy(truth, own, k), epoch.ValBalancedAccuracyUnadjusted, 9);
        Assert.Equal(BalancedAccuracy(truth, shifted, k), epoch.ValBalancedAccuracy, 9);
        Assert.NotEqual(epoch.ValBalancedAccuracyUnadjusted, epoch.ValBalancedAccuracy);
        // The shift to a prior where circles are the majority predicts circle more often, never less.
        Assert.True(shifted.Count(c => c == 0) > own.Count(c => c == 0), $"circle predicted {own.Count(c => c == 0)} → {shifted.Count(c => c == 0)} times");
        Assert.Equal(epoch.ValBalancedAccuracy, events.Last().Finished.BestValBalancedAccuracy, 9);
    }

    [Fact]
    public async Task A_negative_tau_is_invalid_argument()
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var spec = TrainingMesh.TinySpec(1);
        spec.ValidationPriorTau = -1;
        var error = await Assert.ThrowsAsync<RpcException>(() => client.StartTrainingAsync(spec).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("validation_prior_tau must be a finite number >= 0", error.Status.Detail);
    }

    /// <summary>The job's validation plan (the same one the service made: PlanResolver, whole split), batch by batch.</summary>
    private async Task<(int[] Truth, float[] Probabilities)> ScoreValidationAsync(TrainedModel model, string trainingPlanId)
    {
        var augmentation = mesh.AugmentationClient;
        var training = await augmentation.GetPlanAsync(new PlanRef { PlanId = trainingPlanId });
        var (validation, skipped) = await new PlanResolver(augmentation).CreateValidationPlanAsync(training, 0, CancellationToken.None);
        Assert.True(validation is not null, skipped);
        var truth = new List<int>();
        var probabilities = new List<float>();
        for (var index = 0; index < validation.StepsPerEpoch; index++)
        {
            var reply = await augmentation.GetBatchAsync(new BatchRequest { PlanId = validation.PlanId, Epoch = 0, Index = index });
            var batch = BatchFormat.Read(reply.Data.Span);
            var pixels = new float[batch.PixelValues];
            batch.NormalizedPixels(pixels);
            truth.AddRange(batch.Labels);
            probabilities.AddRange(model.PredictProbabilities(pixels, batch.Count));
        }
        return ([.. truth], [.. probabilities]);
    }

    private static double BalancedAccuracy(int[] truth, int[] predicted, int k) =>
        LabelMetrics.BalancedAccuracy(ConfusionMatrix.From(truth, predicted, k));
}
