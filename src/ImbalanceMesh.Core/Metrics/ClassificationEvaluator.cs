namespace ImbalanceMesh.Core.Metrics;

/// <summary>Turns true labels and class scores into a full <see cref="ClassificationReport"/>.</summary>
public static class ClassificationEvaluator
{
    /// <summary>The prediction of a sample is its highest-scoring class (lowest index on a tie).</summary>
    public static ClassificationReport Evaluate(IReadOnlyList<int> truth, ScoreMatrix scores, MetricOptions options)
    {
        if (truth.Count != scores.Rows)
            throw new ArgumentException($"{truth.Count} true labels but {scores.Rows} score rows.", nameof(scores));
        var m = ConfusionMatrix.From(truth, scores.ArgMaxAll(), scores.Classes);
        var perClass = Enumerable.Range(0, scores.Classes).Select(c =>
        {
            var curve = ThresholdCurve.OneVsRest(truth, scores, c);
            return new ClassMetrics(c, LabelMetrics.Precision(m, c), LabelMetrics.Recall(m, c), LabelMetrics.Specificity(m, c),
                LabelMetrics.F1(m, c), m.Support(c), m.PredictedCount(c), curve.RocAuc(), curve.AveragePrecision());
        }).ToList();
        return new ClassificationReport(
            m, perClass,
            LabelMetrics.Accuracy(m), LabelMetrics.BalancedAccuracy(m), LabelMetrics.MacroF1(m), LabelMetrics.WeightedF1(m),
            LabelMetrics.GMean(m, options.GMeanCorrection), options.GMeanCorrection, LabelMetrics.MatthewsCorrelation(m),
            options.TopK, ScoreMetrics.TopKAccuracy(truth, scores, options.TopK),
            ScoreMetrics.MeanOfDefined(perClass.Select(c => c.RocAuc)),
            ScoreMetrics.MeanOfDefined(perClass.Select(c => c.AveragePrecision)));
    }
}
