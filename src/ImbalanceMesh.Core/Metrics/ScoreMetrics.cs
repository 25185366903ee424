namespace ImbalanceMesh.Core.Metrics;

/// <summary>Metrics of class scores rather than hard predictions.</summary>
public static class ScoreMetrics
{
    /// <summary>
    /// Share of samples whose true class is among the k best-scoring classes (<see cref="ScoreMatrix.TopClasses"/>,
    /// ranked like sklearn top_k_accuracy_score); 0 when there are no samples.
    /// </summary>
    public static double TopKAccuracy(IReadOnlyList<int> truth, ScoreMatrix scores, int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k of top-k accuracy must be at least 1.");
        if (truth.Count != scores.Rows)
            throw new ArgumentException($"{truth.Count} true labels but {scores.Rows} score rows.", nameof(scores));
        long hits = 0;
        for (var i = 0; i < truth.Count; i++)
            if (scores.TopClasses(i, k).Contains(truth[i])) hits++;
        return Ratio.OrZero(hits, truth.Count);
    }

    /// <summary>Mean of the values that are not NaN; NaN when none is.</summary>
    public static double MeanOfDefined(IEnumerable<double> values)
    {
        var defined = values.Where(v => !double.IsNaN(v)).ToList();
        return defined.Count == 0 ? double.NaN : defined.Average();
    }
}
