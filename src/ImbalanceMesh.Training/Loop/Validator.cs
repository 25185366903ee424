using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Training.Loop;

/// <summary>Runs the model over the validation plan (epoch 0, every batch) and scores it.</summary>
public sealed class Validator(AugmentationService.AugmentationServiceClient augmentation, BatchFeeds feeds)
{
    public async Task<ValidationScore> ScoreAsync(TrainingSession session, string validationPlanId, CancellationToken ct)
    {
        var truth = new List<int>();
        var predicted = new List<int>();
        var plan = await augmentation.GetPlanAsync(new PlanRef { PlanId = validationPlanId }, cancellationToken: ct);
        await using var feed = feeds.Open(plan, 0, ct);
        while (await feed.NextAsync(ct) is { } batch)
        {
            using var _ = batch;
            truth.AddRange(batch.Batch.Labels);
            predicted.AddRange(session.Predict(batch).Select(p => (int)p));
        }
        return ValidationScore.From(truth, predicted, session.Shape.ClassCount);
    }
}
