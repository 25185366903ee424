using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Adjustment;
using ImbalanceMesh.Evaluation.Tests.Support;

namespace ImbalanceMesh.Evaluation.Tests;

/// <summary>Post-hoc logit adjustment at evaluation, on a real (untrained, seeded) checkpoint and the real services.</summary>
[Collection(EvaluationCollection.Name)]
public sealed class PriorAdjustmentTests(EvaluationMesh mesh)
{
    private static ModelSource TrainedOnShapes(long seed)
    {
        var card = TestModels.Card(EvaluationMesh.Classes);
        card.Spec = new TrainingSpec { Dataset = new DatasetRef { Dataset = EvaluationMesh.Dataset } };
        return TestModels.Upload(card, TestModels.Weights(card, seed));
    }

    private Task<Report> EvaluateAsync(ModelSource model, PriorAdjustment? adjustment) => mesh.Client.EvaluateAsync(new EvaluateRequest
    {
        Model = model,
        Dataset = new DatasetRef { Dataset = EvaluationMesh.Dataset },
        Split = Split.Test,
        PriorAdjustment = adjustment,
    }).ResponseAsync;

    [Fact]
    public async Task Tau_is_chosen_on_validation_and_the_report_equals_one_adjusted_with_that_tau()
    {
        var model = TrainedOnShapes(seed: 3);
        var plain = await EvaluateAsync(model, null);
        Assert.False(plain.HasAdjustmentTau);
        var none = await EvaluateAsync(model, new PriorAdjustment { Enabled = true, Tau = 0 });
        Assert.Equal(plain.Metrics.BalancedAccuracy, none.Metrics.BalancedAccuracy, 9);
        Assert.Equal(plain.ConfusionMatrix, none.ConfusionMatrix);

        var auto = await EvaluateAsync(model, new PriorAdjustment { Enabled = true });
        Assert.True(auto.HasAdjustmentTau);
        Assert.Contains(auto.AdjustmentTau, TauSelection.DefaultGrid);
        Assert.Contains("chosen on split val of dataset shapes", auto.AdjustmentNote);
        var fixedTau = await EvaluateAsync(model, new PriorAdjustment { Enabled = true, Tau = auto.AdjustmentTau });
        Assert.Equal(fixedTau.ConfusionMatrix, auto.ConfusionMatrix);

        // τ = 2 pushes predictions towards the rarest training class (triangle) compared with no adjustment.
        var strong = await EvaluateAsync(model, new PriorAdjustment { Enabled = true, Tau = 2 });
        var predictedTriangles = (Report r) => r.PerClass.Single(c => c.ClassName == "triangle").Predicted;
        Assert.True(predictedTriangles(strong) >= predictedTriangles(plain));
        Assert.NotEqual(plain.ConfusionMatrix, strong.ConfusionMatrix);
    }

    [Fact]
    public async Task A_bad_tau_or_a_model_without_a_training_dataset_is_refused()
    {
        var bad = await Assert.ThrowsAsync<RpcException>(() => EvaluateAsync(TrainedOnShapes(1), new PriorAdjustment { Enabled = true, Tau = -1 }));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("prior_adjustment.tau must be a finite number >= 0", bad.Status.Detail);
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            EvaluateAsync(TestModels.Upload(EvaluationMesh.Classes), new PriorAdjustment { Enabled = true }));
        Assert.Equal(StatusCode.FailedPrecondition, unknown.StatusCode);
        Assert.Contains("names no training dataset", unknown.Status.Detail);
    }
}
