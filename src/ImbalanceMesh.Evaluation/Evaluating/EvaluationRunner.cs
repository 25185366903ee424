using System.Diagnostics;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Metrics;
using ImbalanceMesh.Evaluation.Configuration;
using ImbalanceMesh.Evaluation.Models;
using ImbalanceMesh.Evaluation.Reports;
using ImbalanceMesh.Evaluation.Scoring;
using ImbalanceMesh.Evaluation.Telemetry;
using ImbalanceMesh.ServiceDefaults.Errors;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Evaluation.Evaluating;

/// <summary>
/// Evaluate: model → scores over the split (prior-adjusted on request) → Core metrics → report.json + report.html,
/// stored atomically.
/// </summary>
public sealed class EvaluationRunner(
    ModelResolver resolver, ModelLoader loader, SplitSamples samples, SplitScorer scorer, PriorAdjuster adjuster, ReportPage page, ArtifactStore store,
    EvaluationMetrics evaluationMetrics, IOptions<EvaluationOptions> options, ILogger<EvaluationRunner> logger)
{
    public const int DefaultTopK = 2;
    public const int MaxBatchSize = 4096;

    public async Task<Report> EvaluateAsync(EvaluateRequest request, CancellationToken ct)
    {
        var (dataset, split, batchSize, epsilon) = Validate(request);
        var resolved = await resolver.ResolveAsync(request.Model, ct);
        using var model = loader.Load(resolved);
        var scoringStarted = Stopwatch.GetTimestamp();
        ScoredSplit scored;
        using (EvaluationActivities.StartScoring(dataset.Dataset, split))
            scored = await scorer.ScoreAsync(model, samples.StreamAsync(dataset, split, ct), SplitSamples.Describe(dataset, split), batchSize, ct);
        evaluationMetrics.ScoringTook(Stopwatch.GetElapsedTime(scoringStarted), dataset.Dataset, split);

        var adjusted = request.PriorAdjustment is { Enabled: true } adjustment
            ? await adjuster.AdjustAsync(adjustment, model, scored.Probabilities, batchSize, ct)
            : null;
        var scores = new ScoreMatrix(adjusted?.Probabilities ?? scored.Probabilities, model.Classes);
        var topK = request.TopK == 0 ? Math.Min(DefaultTopK, model.Classes) : Math.Min(request.TopK, model.Classes);
        var metrics = ClassificationEvaluator.Evaluate(scored.Truth, scores, new MetricOptions(topK, epsilon));
        var id = ArtifactStore.NewId(ArtifactStore.ReportPrefix);
        var name = string.IsNullOrWhiteSpace(request.Name) ? $"{resolved.Source} on {dataset.Dataset}" : request.Name.Trim();
        var report = ReportFactory.Create(id, name, metrics, model.Card.Classes, dataset, split, resolved.JobId, resolved.Source,
            scored.ImagesPerSecond, DateTime.UtcNow);
        if (adjusted is not null)
        {
            report.AdjustmentTau = adjusted.Tau;
            report.AdjustmentNote = adjusted.Note;
        }

        var html = page.Render(report, ReportCurves.From(scored.Truth, scores));
        store.Save(id, report, new Dictionary<string, byte[]>
        {
            ["report.json"] = ReportDocument.ToJson(report),
            ["report.html"] = html,
        });
        evaluationMetrics.ReportWritten(dataset.Dataset);
        logger.LogInformation("Report {ReportId}: {Samples} samples of {Dataset}, balanced accuracy {BalancedAccuracy:0.000}, {Rate:0} img/s",
            id, report.Samples, dataset.Dataset, report.Metrics.BalancedAccuracy, report.ImagesPerSecond);
        return report;
    }

    private (DatasetRef Dataset, Split Split, int BatchSize, double Epsilon) Validate(EvaluateRequest request)
    {
        if (request.Dataset is null || string.IsNullOrWhiteSpace(request.Dataset.Dataset))
            throw MeshException.Invalid("dataset.dataset is empty: name the dataset to evaluate on (imesh datasets lists them)");
        if (request.Dataset.Version < 0) throw MeshException.Invalid($"dataset.version {request.Dataset.Version} is negative (0 = latest)");
        if (request.TopK < 0) throw MeshException.Invalid($"top_k {request.TopK} is negative (0 = default {DefaultTopK})");
        if (request.BatchSize is < 0 or > MaxBatchSize) throw MeshException.Invalid($"batch_size {request.BatchSize} is outside 0..{MaxBatchSize} (0 = default)");
        var epsilon = request.GMeanCorrection ? (request.GMeanEpsilon == 0 ? MetricOptions.DefaultGMeanEpsilon : request.GMeanEpsilon) : 0;
        if (!(epsilon is >= 0 and < 1)) throw MeshException.Invalid($"g_mean_epsilon {request.GMeanEpsilon} must lie in (0, 1)");
        PriorAdjuster.Validate(request.PriorAdjustment);
        var split = request.Split == Split.Unspecified ? Split.Test : request.Split;
        var batchSize = request.BatchSize == 0 ? options.Value.BatchSize : request.BatchSize;
        return (new DatasetRef { Dataset = request.Dataset.Dataset.Trim(), Version = request.Dataset.Version }, split, batchSize, epsilon);
    }
}
