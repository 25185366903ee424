using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Configuration;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Training.Loop;

/// <summary>Runs the model over the validation plan (epoch 0, every batch) and scores it.</summary>
public sealed class Validator(AugmentationService.AugmentationServiceClient augmentation, IOptions<TrainingOptions> options)
{
    public async Task<ValidationScore> ScoreAsync(TrainingSession session, string validationPlanId, CancellationToken ct)
    {
        var truth = new List<int>();
        var predicted = new List<int>();
        await using var feed = new BatchFeed(augmentation, validationPlanId, 0, 0, options.Value.PrefetchBatches, ct);
        while (await feed.NextAsync(ct) is { } batch)
        {
            using var _ = batch;
            truth.AddRange(batch.Batch.Labels);
            predicted.AddRange(session.Predict(batch).Select(p => (int)p));
        }
        return ValidationScore.From(truth, predicted, session.Shape.ClassCount);
    }
}
