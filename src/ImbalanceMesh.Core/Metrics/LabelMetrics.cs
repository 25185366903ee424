namespace ImbalanceMesh.Core.Metrics;

/// <summary>
/// Metrics of hard predictions, from a confusion matrix, following scikit-learn 1.2 / imbalanced-learn 0.10 with
/// zero_division=0. Macro averages run over the observed classes (in the truth or the predictions), as scikit-learn
/// does when no labels are given; balanced accuracy over the classes present in the truth.
/// </summary>
public static class LabelMetrics
{
    public static double Accuracy(ConfusionMatrix m) => Ratio.OrZero(m.Correct, m.Total);

    /// <summary>TP / (TP + FP); 0 when the class is never predicted.</summary>
    public static double Precision(ConfusionMatrix m, int c) => Ratio.OrZero(m.TruePositives(c), m.PredictedCount(c));

    /// <summary>TP / (TP + FN); 0 when the class has no samples.</summary>
    public static double Recall(ConfusionMatrix m, int c) => Ratio.OrZero(m.TruePositives(c), m.Support(c));

    /// <summary>TN / (TN + FP) (imbalanced-learn sensitivity_specificity_support); 0 when there are no negatives.</summary>
    public static double Specificity(ConfusionMatrix m, int c) =>
        Ratio.OrZero(m.TrueNegatives(c), m.TrueNegatives(c) + m.FalsePositives(c));

    /// <summary>2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall; 0 when TP = FP = FN = 0.</summary>
    public static double F1(ConfusionMatrix m, int c) =>
        Ratio.OrZero(2.0 * m.TruePositives(c), 2.0 * m.TruePositives(c) + m.FalsePositives(c) + m.FalseNegatives(c));

    /// <summary>Mean recall over classes present in the truth (sklearn balanced_accuracy_score drops the others).</summary>
    public static double BalancedAccuracy(ConfusionMatrix m) => MeanOrZero(m.PresentClasses.Select(c => Recall(m, c)));

    /// <summary>Mean F1 over the observed classes (sklearn f1_score(average='macro')).</summary>
    public static double MacroF1(ConfusionMatrix m) => MeanOrZero(m.ObservedClasses.Select(c => F1(m, c)));

    /// <summary>F1 weighted by support (sklearn f1_score(average='weighted')); 0 when there are no samples.</summary>
    public static double WeightedF1(ConfusionMatrix m) =>
        Ratio.OrZero(Enumerable.Range(0, m.Classes).Sum(c => F1(m, c) * m.Support(c)), m.Total);

    /// <summary>
    /// Geometric mean of the recalls of the observed classes (imblearn geometric_mean_score(average='multiclass')).
    /// A recall of exactly 0 is replaced by <paramref name="correction"/> first, so with correction 0 one class never
    /// recognised (or predicted but absent from the truth) makes the G-mean 0, and with ε &gt; 0 it does not.
    /// </summary>
    public static double GMean(ConfusionMatrix m, double correction = 0)
    {
        if (!(correction >= 0 && correction <= 1))
            throw new ArgumentOutOfRangeException(nameof(correction), correction, "The G-mean correction is a recall floor in [0, 1].");
        var recalls = m.ObservedClasses.Select(c => Recall(m, c)).Select(r => r == 0 ? correction : r).ToList();
        if (recalls.Count == 0 || recalls.Contains(0)) return 0;
        return Math.Exp(recalls.Average(Math.Log));
    }

    /// <summary>
    /// Multiclass Matthews correlation (Gorodkin's R_K, sklearn matthews_corrcoef):
    /// (c·s − Σ p_k·t_k) / √((s² − Σ p_k²)(s² − Σ t_k²)); 0 when either factor under the root is 0.
    /// </summary>
    public static double MatthewsCorrelation(ConfusionMatrix m)
    {
        double s = m.Total, correct = m.Correct, pt = 0, pp = 0, tt = 0;
        for (var c = 0; c < m.Classes; c++)
        {
            double t = m.Support(c), p = m.PredictedCount(c);
            pt += p * t;
            pp += p * p;
            tt += t * t;
        }
        var denominator = (s * s - pp) * (s * s - tt);
        return denominator == 0 ? 0 : (correct * s - pt) / Math.Sqrt(denominator);
    }

    private static double MeanOrZero(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? 0 : list.Average();
    }
}
