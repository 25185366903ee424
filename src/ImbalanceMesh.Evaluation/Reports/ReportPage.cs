using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Plots;
using ImbalanceMesh.Evaluation.Scoring;

namespace ImbalanceMesh.Evaluation.Reports;

/// <summary>report.html: headline metrics, per-class table, confusion matrix heatmap, recall/precision bars, ROC and PR curves.</summary>
public sealed class ReportPage(ReportCharts charts)
{
    public byte[] Render(Report r, ReportCurves curves)
    {
        var m = r.Metrics;
        return new HtmlPage($"Evaluation report {r.Name}")
            .Paragraph($"Report {r.ReportId}, {r.CreatedUtc}. Model: {r.CheckpointSource}. Dataset {r.Dataset.Dataset} " +
                       $"v{r.Dataset.Version}, split {SplitSamples.Name(r.Split)}, {r.Samples} samples, {r.ImagesPerSecond:0} images/s.")
            .Heading("Headline metrics")
            .Table(["metric", "value"],
            [
                ["accuracy", F(m.Accuracy)], ["balanced accuracy", F(m.BalancedAccuracy)], ["macro F1", F(m.MacroF1)],
                ["weighted F1", F(m.WeightedF1)],
                [m.GMeanEpsilon > 0 ? $"G-mean (recall floor {m.GMeanEpsilon:g})" : "G-mean", F(m.GMean)],
                ["Matthews correlation", F(m.Mcc)], [$"top-{m.TopK} accuracy", F(m.TopKAccuracy)],
                ["macro ROC-AUC (defined classes)", F(m.MacroRocAuc)], ["macro average precision (defined classes)", F(m.MacroAveragePrecision)],
            ])
            .Heading("Per class")
            .Table(["class", "precision", "recall", "specificity", "F1", "support", "predicted", "ROC-AUC", "AP"],
                r.PerClass.Select(c => (IReadOnlyList<string>)
                [
                    c.ClassName, F(c.Precision), F(c.Recall), F(c.Specificity), F(c.F1), c.Support.ToString(), c.Predicted.ToString(),
                    F(c.RocAuc), F(c.AveragePrecision),
                ]))
            .Heading("Confusion matrix")
            .Image("confusion matrix heatmap", charts.ConfusionHeatmap(r))
            .Table(["true \\ predicted", .. r.Classes],
                r.ConfusionMatrix.Select((row, t) => (IReadOnlyList<string>)[r.Classes[t], .. row.Counts.Select(n => n.ToString())]))
            .Heading("Recall and precision")
            .Image("per-class recall and precision", charts.RecallPrecisionBars(r))
            .Heading("ROC curves")
            .Image("ROC curves", charts.RocCurves(r, curves.Roc))
            .Heading("Precision-recall curves")
            .Image("precision-recall curves", charts.PrecisionRecallCurves(r, curves.PrecisionRecall))
            .ToBytes();
    }

    /// <summary>Metric value with 4 decimals; "n/a" when undefined.</summary>
    public static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0000");
}
