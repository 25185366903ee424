using ImbalanceMesh.Core.Metrics;

namespace ImbalanceMesh.Evaluation.Reports;

/// <summary>One-vs-rest ROC and precision-recall points of every class, for the report's plots.</summary>
public sealed record ReportCurves(
    IReadOnlyList<IReadOnlyList<(double Fpr, double Tpr)>> Roc,
    IReadOnlyList<IReadOnlyList<(double Recall, double Precision)>> PrecisionRecall)
{
    public static ReportCurves From(IReadOnlyList<int> truth, ScoreMatrix scores)
    {
        var curves = Enumerable.Range(0, scores.Classes).Select(c => ThresholdCurve.OneVsRest(truth, scores, c)).ToList();
        return new ReportCurves(curves.Select(c => c.Roc()).ToList(), curves.Select(c => c.PrecisionRecall()).ToList());
    }
}
