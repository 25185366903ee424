using System.Text.Json;
using System.Text.Json.Serialization;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Scoring;

namespace ImbalanceMesh.Evaluation.Reports;

/// <summary>report.json: the report for people and scripts (snake_case; an undefined AUC/AP is null).</summary>
public static class ReportDocument
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static byte[] ToJson(Report r) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        report_id = r.ReportId,
        r.Name,
        created_utc = r.CreatedUtc,
        model = new { job_id = r.JobId, source = r.CheckpointSource },
        dataset = new { name = r.Dataset.Dataset, version = r.Dataset.Version },
        split = SplitSamples.Name(r.Split),
        r.Samples,
        images_per_second = r.ImagesPerSecond,
        r.Classes,
        metrics = new
        {
            accuracy = r.Metrics.Accuracy,
            balanced_accuracy = r.Metrics.BalancedAccuracy,
            macro_f1 = r.Metrics.MacroF1,
            weighted_f1 = r.Metrics.WeightedF1,
            g_mean = r.Metrics.GMean,
            g_mean_epsilon = r.Metrics.GMeanEpsilon,
            mcc = r.Metrics.Mcc,
            top_k = r.Metrics.TopK,
            top_k_accuracy = r.Metrics.TopKAccuracy,
            macro_roc_auc = Defined(r.Metrics.MacroRocAuc),
            macro_average_precision = Defined(r.Metrics.MacroAveragePrecision),
        },
        per_class = r.PerClass.Select(c => new
        {
            @class = c.ClassName,
            c.Precision,
            c.Recall,
            c.Specificity,
            c.F1,
            c.Support,
            c.Predicted,
            roc_auc = Defined(c.RocAuc),
            average_precision = Defined(c.AveragePrecision),
        }),
        confusion_matrix = r.ConfusionMatrix.Select(row => row.Counts),
        confusion_matrix_normalized = r.ConfusionMatrixNormalized.Select(row => row.Values),
    }, Json);

    public static double? Defined(double value) => double.IsNaN(value) ? null : value;
}
