using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Evaluation;

public static class EvalOutput
{
    /// <summary>The `imesh eval --json` document.</summary>
    public static object Document(Report r, string jsonPath, string htmlPath) => new
    {
        report = jsonPath,
        html = htmlPath,
        report_id = r.ReportId,
        accuracy = r.Metrics.Accuracy,
        balanced_accuracy = r.Metrics.BalancedAccuracy,
        macro_f1 = r.Metrics.MacroF1,
        g_mean = r.Metrics.GMean,
        adjustment_tau = r.HasAdjustmentTau ? r.AdjustmentTau : (double?)null,
        adjustment_note = r.AdjustmentNote.Length > 0 ? r.AdjustmentNote : null,
        per_class = r.PerClass.Select(c => new { @class = c.ClassName, precision = c.Precision, recall = c.Recall, f1 = c.F1, support = c.Support }),
        confusion_matrix = r.ConfusionMatrix.Select(row => row.Counts.ToArray()),
    };

    public static void Print(IAnsiConsole console, Report r, string jsonPath, string htmlPath)
    {
        var m = r.Metrics;
        console.MarkupLineInterpolated($"[bold]{r.Name}[/] ({r.ReportId}): {r.Samples} samples, {r.ImagesPerSecond:0} images/s");
        console.MarkupLineInterpolated(
            $"accuracy {m.Accuracy:0.0000}  balanced accuracy {m.BalancedAccuracy:0.0000}  macro F1 {m.MacroF1:0.0000}  G-mean {m.GMean:0.0000}  MCC {m.Mcc:0.0000}  top-{m.TopK} {m.TopKAccuracy:0.0000}");
        if (r.HasAdjustmentTau) console.MarkupLineInterpolated($"prior-adjusted with τ = {r.AdjustmentTau:0.##}: {r.AdjustmentNote}");
        var table = new Table().AddColumns("class", "precision", "recall", "specificity", "F1", "support", "ROC-AUC", "AP");
        foreach (var c in r.PerClass)
            table.AddRow(Markup.Escape(c.ClassName), F(c.Precision), F(c.Recall), F(c.Specificity), F(c.F1), c.Support.ToString(), F(c.RocAuc), F(c.AveragePrecision));
        console.Write(table);
        console.MarkupLineInterpolated($"report: {jsonPath}\nhtml:   [link]{htmlPath}[/]");
    }

    public static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0000");
}
