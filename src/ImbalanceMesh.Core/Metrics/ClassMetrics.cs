namespace ImbalanceMesh.Core.Metrics;

/// <summary>One class's row of the report. RocAuc and AveragePrecision are NaN when the class is absent from the truth.</summary>
public sealed record ClassMetrics(
    int ClassIndex,
    double Precision,
    double Recall,
    double Specificity,
    double F1,
    long Support,
    long Predicted,
    double RocAuc,
    double AveragePrecision);
