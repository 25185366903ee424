using ImbalanceMesh.Contracts.V1;
using ClassificationReport = ImbalanceMesh.Core.Metrics.ClassificationReport;

namespace ImbalanceMesh.Evaluation.Reports;

/// <summary>Puts Core's metrics into the wire report.</summary>
public static class ReportFactory
{
    public static Report Create(string reportId, string name, ClassificationReport metrics, IReadOnlyList<string> classes,
        DatasetRef dataset, Split split, string jobId, string source, double imagesPerSecond, DateTime createdUtc) => new()
    {
        ReportId = reportId,
        Name = name,
        JobId = jobId,
        Dataset = dataset,
        Split = split,
        Classes = { classes },
        Samples = metrics.Samples,
        CreatedUtc = createdUtc.ToString("O"),
        ImagesPerSecond = imagesPerSecond,
        CheckpointSource = source,
        Metrics = new Metrics
        {
            Accuracy = metrics.Accuracy,
            BalancedAccuracy = metrics.BalancedAccuracy,
            MacroF1 = metrics.MacroF1,
            WeightedF1 = metrics.WeightedF1,
            GMean = metrics.GMean,
            GMeanEpsilon = metrics.GMeanCorrection,
            Mcc = metrics.MatthewsCorrelation,
            TopK = metrics.TopK,
            TopKAccuracy = metrics.TopKAccuracy,
            MacroRocAuc = metrics.MacroRocAuc,
            MacroAveragePrecision = metrics.MacroAveragePrecision,
        },
        PerClass =
        {
            metrics.PerClass.Select(c => new ClassMetrics
            {
                ClassName = classes[c.ClassIndex],
                Precision = c.Precision,
                Recall = c.Recall,
                Specificity = c.Specificity,
                F1 = c.F1,
                Support = c.Support,
                Predicted = c.Predicted,
                RocAuc = c.RocAuc,
                AveragePrecision = c.AveragePrecision,
            }),
        },
        ConfusionMatrix = { metrics.Confusion.ToRows().Select(row => new MatrixRow { Counts = { row } }) },
        ConfusionMatrixNormalized = { metrics.Confusion.ToRowNormalized().Select(row => new NormalizedRow { Values = { row } }) },
    };
}
