namespace ImbalanceMesh.Core.Metrics;

/// <summary>One distinct score threshold: how many positives and negatives score at or above it.</summary>
public readonly record struct ThresholdPoint(double Threshold, long TruePositives, long FalsePositives);

/// <summary>
/// Cumulative true/false positives at every distinct score, highest first (scikit-learn _binary_clf_curve): samples with
/// equal scores enter together, which is how ties are handled in ROC-AUC and average precision.
/// </summary>
public sealed class ThresholdCurve
{
    private ThresholdCurve(long positives, long negatives, IReadOnlyList<ThresholdPoint> points)
    {
        Positives = positives;
        Negatives = negatives;
        Points = points;
    }

    public long Positives { get; }
    public long Negatives { get; }
    public IReadOnlyList<ThresholdPoint> Points { get; }

    public static ThresholdCurve From(IReadOnlyList<bool> isPositive, IReadOnlyList<double> scores)
    {
        if (isPositive.Count != scores.Count)
            throw new ArgumentException($"{isPositive.Count} labels but {scores.Count} scores.", nameof(scores));
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var points = new List<ThresholdPoint>();
        long tp = 0, fp = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (isPositive[order[i]]) tp++; else fp++;
            if (i == order.Length - 1 || scores[order[i + 1]] != scores[order[i]])
                points.Add(new ThresholdPoint(scores[order[i]], tp, fp));
        }
        return new ThresholdCurve(tp, fp, points);
    }

    /// <summary>(false positive rate, true positive rate) from (0, 0) to (1, 1); empty when a side has no samples.</summary>
    public IReadOnlyList<(double Fpr, double Tpr)> Roc()
    {
        if (Positives == 0 || Negatives == 0) return [];
        return Points.Select(p => ((double)p.FalsePositives / Negatives, (double)p.TruePositives / Positives))
            .Prepend((0.0, 0.0)).ToList();
    }

    /// <summary>(recall, precision) per threshold, highest threshold first, starting at (0, 1); empty without positives.</summary>
    public IReadOnlyList<(double Recall, double Precision)> PrecisionRecall()
    {
        if (Positives == 0) return [];
        return Points.Select(p => ((double)p.TruePositives / Positives, (double)p.TruePositives / (p.TruePositives + p.FalsePositives)))
            .Prepend((0.0, 1.0)).ToList();
    }

    /// <summary>Area under the ROC curve by the trapezoidal rule (sklearn roc_auc_score); NaN without positives or negatives.</summary>
    public double RocAuc()
    {
        var roc = Roc();
        if (roc.Count == 0) return double.NaN;
        double area = 0;
        for (var i = 1; i < roc.Count; i++)
            area += (roc[i].Fpr - roc[i - 1].Fpr) * (roc[i].Tpr + roc[i - 1].Tpr) / 2;
        return area;
    }

    /// <summary>Σ (R_n − R_{n−1}) · P_n over thresholds (sklearn average_precision_score, no interpolation); NaN without positives.</summary>
    public double AveragePrecision()
    {
        var pr = PrecisionRecall();
        if (pr.Count == 0) return double.NaN;
        double ap = 0;
        for (var i = 1; i < pr.Count; i++) ap += (pr[i].Recall - pr[i - 1].Recall) * pr[i].Precision;
        return ap;
    }

    /// <summary>The one-vs-rest curve of class c: class c positive, every other class negative.</summary>
    public static ThresholdCurve OneVsRest(IReadOnlyList<int> truth, ScoreMatrix scores, int c)
    {
        if (truth.Count != scores.Rows)
            throw new ArgumentException($"{truth.Count} true labels but {scores.Rows} score rows.", nameof(scores));
        return From(truth.Select(t => t == c).ToArray(), scores.Column(c));
    }
}
