using System.Text.Json;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Plots;
using ImbalanceMesh.Evaluation.Reports;

namespace ImbalanceMesh.Evaluation.Comparing;

/// <summary>comparison.json and comparison.html.</summary>
public sealed class ComparisonArtifacts(ReportCharts charts)
{
    private static readonly (string Label, string Key, Func<Metrics, double> Value)[] Headline =
    [
        ("accuracy", "accuracy", m => m.Accuracy), ("balanced accuracy", "balanced_accuracy", m => m.BalancedAccuracy),
        ("macro F1", "macro_f1", m => m.MacroF1), ("weighted F1", "weighted_f1", m => m.WeightedF1), ("G-mean", "g_mean", m => m.GMean),
        ("MCC", "mcc", m => m.Mcc), ("top-k accuracy", "top_k_accuracy", m => m.TopKAccuracy),
        ("macro ROC-AUC", "macro_roc_auc", m => m.MacroRocAuc), ("macro AP", "macro_average_precision", m => m.MacroAveragePrecision),
    ];

    public static byte[] ToJson(Comparison c) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        comparison_id = c.ComparisonId,
        baseline = c.Reports[0].ReportId,
        best_report_id = c.BestReportId,
        c.Classes,
        reports = c.Reports.Select(r => new
        {
            report_id = r.ReportId,
            r.Name,
            metrics = Headline.ToDictionary(h => h.Key, h => ReportDocument.Defined(h.Value(r.Metrics))),
            delta = Headline.ToDictionary(h => h.Key, h => ReportDocument.Defined(h.Value(r.Delta))),
            recall = c.Classes.ToDictionary(name => name, name => r.Recall[name]),
            recall_delta = c.Classes.ToDictionary(name => name, name => r.RecallDelta[name]),
        }),
    }, ReportDocument.Json);

    public byte[] ToHtml(Comparison c) => new HtmlPage("Comparison " + c.ComparisonId)
        .Paragraph($"Baseline: {c.Reports[0].Name} ({c.Reports[0].ReportId}). Best by balanced accuracy: {c.BestReportId}. " +
                   "Deltas are against the baseline.")
        .Heading("Headline metrics")
        .Table(["metric", .. c.Reports.Select(r => r.Name)],
            Headline.Select(h => (IReadOnlyList<string>)[h.Label, .. c.Reports.Select((r, i) => Cell(h.Value(r.Metrics), h.Value(r.Delta), i))]))
        .Heading("Recall per class")
        .Table(["class", .. c.Reports.Select(r => r.Name)],
            c.Classes.Select(name => (IReadOnlyList<string>)[name, .. c.Reports.Select((r, i) => Cell(r.Recall[name], r.RecallDelta[name], i))]))
        .Image("per-class recall of every report", charts.GroupedBars("Recall per class", c.Classes,
            c.Reports.Select(r => (r.Name, (IReadOnlyList<double>)c.Classes.Select(name => r.Recall[name]).ToList())).ToList()))
        .ToBytes();

    private static string Cell(double value, double delta, int index) =>
        index == 0 ? ReportPage.F(value) : $"{ReportPage.F(value)} ({(delta >= 0 ? "+" : "")}{ReportPage.F(delta)})";
}
