namespace ImbalanceMesh.Core.Metrics;

/// <summary>Every metric of one evaluation. Macro ROC-AUC / average precision average the classes where they are defined.</summary>
public sealed record ClassificationReport(
    ConfusionMatrix Confusion,
    IReadOnlyList<ClassMetrics> PerClass,
    double Accuracy,
    double BalancedAccuracy,
    double MacroF1,
    double WeightedF1,
    double GMean,
    double GMeanCorrection,
    double MatthewsCorrelation,
    int TopK,
    double TopKAccuracy,
    double MacroRocAuc,
    double MacroAveragePrecision)
{
    public long Samples => Confusion.Total;
    public int Classes => Confusion.Classes;
}
