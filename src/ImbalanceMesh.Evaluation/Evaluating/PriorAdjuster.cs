using System.Globalization;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Adjustment;
using ImbalanceMesh.Evaluation.Scoring;
using ImbalanceMesh.Modeling.Checkpoints;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Evaluation.Evaluating;

/// <summary>
/// Post-hoc logit adjustment of a report's scores (Core's LogitAdjustment): the prior is the class counts of the
/// model's training split (its card's dataset), τ is the request's or the best on that dataset's validation split.
/// </summary>
public sealed class PriorAdjuster(IngestionService.IngestionServiceClient ingestion, SplitSamples samples, SplitScorer scorer)
{
    public sealed record Adjusted(float[] Probabilities, double Tau, string Note);

    public static void Validate(PriorAdjustment? request)
    {
        if (request is null) return;
        if (!request.Enabled && request.HasTau) throw MeshException.Invalid("prior_adjustment.tau is set but enabled is false; set enabled to adjust");
        if (request.HasTau && !LogitAdjustment.IsValidTau(request.Tau))
            throw MeshException.Invalid($"prior_adjustment.tau must be a finite number >= 0, got {request.Tau}");
    }

    public async Task<Adjusted> AdjustAsync(PriorAdjustment request, TrainedModel model, float[] probabilities, int batchSize, CancellationToken ct)
    {
        var trained = model.Card.Spec?.Dataset is { Dataset.Length: > 0 } d ? d
            : throw MeshException.Precondition("the model's card names no training dataset, so its class prior is unknown; evaluate without prior_adjustment");
        var logPrior = await LogPriorAsync(trained, model.Card.Classes, ct);
        if (request.HasTau)
            return new Adjusted(LogitAdjustment.Adjust(probabilities, logPrior, request.Tau), request.Tau, "τ as requested");

        var label = SplitSamples.Describe(trained, Split.Val);
        var validation = await scorer.ScoreAsync(model, samples.StreamAsync(trained, Split.Val, ct), label, batchSize, ct);
        var (tau, scores) = TauSelection.Choose(validation.Truth, validation.Probabilities, logPrior, TauSelection.DefaultGrid);
        var note = $"τ chosen on {label} ({validation.Truth.Length} samples), balanced accuracy by τ: " +
                   string.Join(", ", scores.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Tau:0.##} → {s.BalancedAccuracy:0.000}")));
        return new Adjusted(LogitAdjustment.Adjust(probabilities, logPrior, tau), tau, note);
    }

    private async Task<double[]> LogPriorAsync(DatasetRef dataset, IReadOnlyList<string> classes, CancellationToken ct)
    {
        DatasetStatistics statistics;
        try
        {
            statistics = await ingestion.GetStatisticsAsync(new StatisticsRequest { Dataset = dataset, Split = Split.Train }, cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition)
        {
            throw MeshException.Precondition($"the class prior of the model's training data ({dataset.Dataset}) is not available: {e.Status.Detail}");
        }
        var counts = classes.Select(name => statistics.Classes.FirstOrDefault(c => c.Name == name)?.Count ?? 0).ToArray();
        if (counts.Any(c => c <= 0))
            throw MeshException.Precondition(
                $"class '{classes[Array.FindIndex(counts, c => c <= 0)]}' has no training samples in {dataset.Dataset}, so its prior is 0 and the adjustment undefined");
        return LogitAdjustment.LogPrior(counts);
    }
}
