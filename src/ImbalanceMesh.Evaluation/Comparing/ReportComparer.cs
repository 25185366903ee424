using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Evaluation.Comparing;

/// <summary>Side-by-side headline metrics and per-class recall, each with its delta against the first report.</summary>
public static class ReportComparer
{
    public static Comparison Compare(string comparisonId, IReadOnlyList<Report> reports)
    {
        var baseline = reports[0];
        foreach (var other in reports.Skip(1))
            if (!other.Classes.SequenceEqual(baseline.Classes))
                throw MeshException.Precondition($"report {other.ReportId} has classes [{string.Join(", ", other.Classes)}] but the baseline {baseline.ReportId} has " +
                    $"[{string.Join(", ", baseline.Classes)}]; only reports over the same classes compare");
        var baseRecall = Recall(baseline);
        var comparison = new Comparison { ComparisonId = comparisonId, Classes = { baseline.Classes } };
        foreach (var r in reports)
        {
            var recall = Recall(r);
            comparison.Reports.Add(new ComparedReport
            {
                ReportId = r.ReportId,
                Name = r.Name,
                Metrics = r.Metrics,
                Recall = { recall },
                RecallDelta = { recall.ToDictionary(kv => kv.Key, kv => kv.Value - baseRecall[kv.Key]) },
                Delta = Delta(r.Metrics, baseline.Metrics),
            });
        }
        comparison.BestReportId = reports.OrderByDescending(r => r.Metrics.BalancedAccuracy).ThenByDescending(r => r.Metrics.MacroF1)
            .First().ReportId;
        return comparison;
    }

    private static Dictionary<string, double> Recall(Report r) => r.PerClass.ToDictionary(c => c.ClassName, c => c.Recall);

    private static Metrics Delta(Metrics m, Metrics b) => new()
    {
        Accuracy = m.Accuracy - b.Accuracy,
        BalancedAccuracy = m.BalancedAccuracy - b.BalancedAccuracy,
        MacroF1 = m.MacroF1 - b.MacroF1,
        WeightedF1 = m.WeightedF1 - b.WeightedF1,
        GMean = m.GMean - b.GMean,
        Mcc = m.Mcc - b.Mcc,
        TopKAccuracy = m.TopKAccuracy - b.TopKAccuracy,
        TopK = m.TopK,
        MacroRocAuc = m.MacroRocAuc - b.MacroRocAuc,
        MacroAveragePrecision = m.MacroAveragePrecision - b.MacroAveragePrecision,
        GMeanEpsilon = m.GMeanEpsilon,
    };
}
