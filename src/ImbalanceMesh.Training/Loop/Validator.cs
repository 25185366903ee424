using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Adjustment;
using ImbalanceMesh.Core.Metrics;
using ImbalanceMesh.Training.Specs;
using ImbalanceMesh.Training.Telemetry;

namespace ImbalanceMesh.Training.Loop;

/// <summary>Runs the model over the validation plan (epoch 0, every batch) and scores it, prior-adjusted on request.</summary>
public sealed class Validator(BatchFeeds feeds)
{
    public async Task<ValidationScore> ScoreAsync(TrainingSession session, Plan validationPlan, ValidationPrior? prior, CancellationToken ct)
    {
        using var activity = TrainingActivities.StartValidation(validationPlan.PlanId);
        var classes = session.Shape.ClassCount;
        var truth = new List<int>();
        var probabilities = new List<float>();
        await using var feed = feeds.Open(validationPlan, 0, ct);
        while (await feed.NextAsync(ct) is { } batch)
        {
            using var _ = batch;
            truth.AddRange(batch.Batch.Labels);
            probabilities.AddRange(session.Probabilities(batch));
        }
        var scores = probabilities.ToArray();
        var unadjusted = ValidationScore.From(truth, new ScoreMatrix(scores, classes).ArgMaxAll(), classes);
        if (prior is null) return unadjusted;
        var adjusted = new ScoreMatrix(LogitAdjustment.Adjust(scores, prior.Shift, prior.Tau), classes).ArgMaxAll();
        return ValidationScore.From(truth, adjusted, classes) with { Unadjusted = unadjusted };
    }
}
