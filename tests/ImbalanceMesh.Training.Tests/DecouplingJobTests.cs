using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Modeling.Checkpoints;
using ImbalanceMesh.Modeling.Decoupling;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Training.Tests.Support;
using static TorchSharp.torch;

namespace ImbalanceMesh.Training.Tests;

/// <summary>
/// Decoupling as a second stage through the real services: the joint epochs' last checkpoint (last.model, which the
/// stage leaves alone) against the model GetCheckpoint serves after the stage.
/// </summary>
public sealed class DecouplingJobTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("ce+crt=0", null, null, null, "whole number ≥ 1")]
    [InlineData("ce+crt=101", null, null, null, "K in 1..100, got 101")]
    [InlineData("ce+tau-norm=3", null, null, null, "0 <= τ <= 2, got 3")]
    [InlineData("", "lws", null, null, "unknown decoupling stage 'lws'")]
    [InlineData("", "crt", null, 0.5, "takes classifier epochs, not τ")]
    [InlineData("", "tau-norm", 2, null, "takes no epochs")]
    [InlineData("", "", 2, null, "sets epochs or tau but no method")]
    [InlineData("ce+crt=2", "tau-norm", null, null, "the spec sets decoupling 'tau-norm' but strategy 'ce+crt=2' means decoupling 'crt'")]
    public async Task A_bad_stage_is_invalid_argument_on_arrival(string strategy, string? method, int? epochs, double? tau, string expected)
    {
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var spec = TrainingMesh.TinySpec(2);
        spec.Strategy = strategy;
        if (method is not null)
        {
            spec.Decoupling = new DecouplingSpec { Method = method };
            if (epochs is { } k) spec.Decoupling.Epochs = k;
            if (tau is { } t) spec.Decoupling.Tau = t;
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => client.StartTrainingAsync(spec).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(expected, error.Status.Detail);
        Assert.Empty((await client.ListJobsAsync(new ListJobsRequest())).Jobs);
    }

    [Fact]
    public async Task Crt_retrains_only_the_classifier_on_balanced_batches_and_the_card_records_it()
    {
        var root = mesh.NewDataRoot();
        await using var host = await mesh.StartTrainingAsync(root);
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var spec = TrainingMesh.TinySpec(1);
        spec.Plan.Sampling.Policy = SamplingPolicy.SamplingNone;
        spec.Strategy = "ce+crt=2";
        var job = await client.StartTrainingAsync(spec);
        Assert.Equal(("crt", 2, false), (job.Spec.Decoupling.Method, job.Spec.Decoupling.Epochs, job.Spec.Decoupling.HasTau));

        var events = await client.WatchToEndAsync(job.JobId, Patience);
        var finished = events.Last().Finished;
        Assert.True(finished.State == JobState.JobSucceeded, finished.Error);
        Assert.Equal(1, finished.EpochsDone);
        Assert.Contains(events, e => e.Log.StartsWith("crt epoch 2/2 (classifier only, class-balanced batches)", StringComparison.Ordinal));

        var (card, served) = await CheckpointAsync(client, job.JobId);
        Assert.Equal(("crt", 2, 1), (card.Decoupling.Method, card.Decoupling.Epochs, card.Decoupling.JointEpoch));
        var stagePlan = await mesh.AugmentationClient.GetPlanAsync(new PlanRef { PlanId = card.Decoupling.PlanId });
        Assert.Equal(SamplingPolicy.SamplingBalanced, stagePlan.Spec.Sampling.Policy);
        Assert.Equal(0, stagePlan.Spec.Mix.MixupAlpha);
        Assert.Equal(finished.BestValBalancedAccuracy, card.Decoupling.ValBalancedAccuracyAfter);

        using var joint = Load(card, File.ReadAllBytes(Path.Combine(root, "checkpoints", job.JobId, "last.model")));
        using var decoupled = Load(card, served);
        var changed = Differing(joint, decoupled);
        Assert.Equal(["classifier.bias", "classifier.weight"], changed.Order()); // batch norm statistics included: eval mode
    }

    [Fact]
    public async Task Tau_norm_chooses_tau_on_validation_and_rescales_the_class_weight_norms()
    {
        var root = mesh.NewDataRoot();
        await using var host = await mesh.StartTrainingAsync(root);
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var spec = TrainingMesh.TinySpec(1);
        spec.Strategy = "ce+tau-norm";
        var job = await client.StartTrainingAsync(spec);
        var finished = (await client.WatchToEndAsync(job.JobId, Patience)).Last().Finished;
        Assert.True(finished.State == JobState.JobSucceeded, finished.Error);

        var (card, served) = await CheckpointAsync(client, job.JobId);
        var record = card.Decoupling;
        Assert.True(record.TauChosenOnValidation);
        Assert.Equal(16, record.TauCandidates.Count);
        var best = record.TauValBalancedAccuracy.Max();
        Assert.Equal(best, record.ValBalancedAccuracyAfter);
        Assert.Equal(record.TauCandidates.Where((_, i) => record.TauValBalancedAccuracy[i] == best).Min(), record.Tau);

        using var joint = Load(card, File.ReadAllBytes(Path.Combine(root, "checkpoints", job.JobId, "last.model")));
        using var normalised = Load(card, served);
        Assert.All(Differing(joint, normalised), key => Assert.Equal("classifier.weight", key));
        var before = ClassifierStage.RowNorms(ClassifierStage.Classifier(joint).weight!);
        var after = ClassifierStage.RowNorms(ClassifierStage.Classifier(normalised).weight!);
        for (var j = 0; j < before.Length; j++) Assert.Equal(Math.Pow(before[j], 1 - record.Tau), after[j], 4);
    }

    private static async Task<(ModelCard Card, byte[] Model)> CheckpointAsync(TrainingService.TrainingServiceClient client, string jobId)
    {
        using var call = client.GetCheckpoint(new JobRef { JobId = jobId });
        ModelCard? card = null;
        using var bytes = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            card ??= chunk.Card;
            chunk.Data.WriteTo(bytes);
        }
        return (card!, bytes.ToArray());
    }

    private static nn.Module<Tensor, Tensor> Load(ModelCard card, byte[] bytes)
    {
        var model = ModelFactory.Create(card.ToModelSpec());
        ModelSerializer.Load(model, bytes);
        return model;
    }

    private static List<string> Differing(nn.Module a, nn.Module b)
    {
        var other = b.state_dict();
        return [.. a.state_dict().Where(e => !e.Value.eq(other[e.Key]).all().item<bool>()).Select(e => e.Key)];
    }
}
