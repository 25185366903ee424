using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Telemetry;

namespace ImbalanceMesh.Training.Loop;

/// <summary>Runs the model over the validation plan (epoch 0, every batch) and scores it.</summary>
public sealed class Validator(BatchFeeds feeds)
{
    public async Task<ValidationScore> ScoreAsync(TrainingSession session, Plan validationPlan, CancellationToken ct)
    {
        using var activity = TrainingActivities.StartValidation(validationPlan.PlanId);
        var truth = new List<int>();
        var predicted = new List<int>();
        await using var feed = feeds.Open(validationPlan, 0, ct);
        while (await feed.NextAsync(ct) is { } batch)
        {
            using var _ = batch;
            truth.AddRange(batch.Batch.Labels);
            predicted.AddRange(session.Predict(batch).Select(p => (int)p));
        }
        return ValidationScore.From(truth, predicted, session.Shape.ClassCount);
    }
}
