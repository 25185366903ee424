namespace ImbalanceMesh.Core.Metrics;

/// <summary>
/// Counts of (true class, predicted class) pairs for classes 0..k-1: rows are the truth, columns the prediction
/// (scikit-learn's confusion_matrix(y_true, y_pred, labels=range(k))).
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;
    private readonly long[] _support;
    private readonly long[] _predicted;

    private ConfusionMatrix(int classes, long[] counts)
    {
        Classes = classes;
        _counts = counts;
        _support = new long[classes];
        _predicted = new long[classes];
        for (var t = 0; t < classes; t++)
        for (var p = 0; p < classes; p++)
        {
            var n = counts[t * classes + p];
            _support[t] += n;
            _predicted[p] += n;
            Total += n;
            if (t == p) Correct += n;
        }
    }

    public int Classes { get; }
    public long Total { get; }

    /// <summary>Samples on the diagonal.</summary>
    public long Correct { get; }

    public long this[int truth, int predicted] => _counts[truth * Classes + predicted];

    public static ConfusionMatrix From(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "A confusion matrix needs at least one class.");
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions.", nameof(predicted));
        var counts = new long[classes * classes];
        for (var i = 0; i < truth.Count; i++)
        {
            var (t, p) = (truth[i], predicted[i]);
            if ((uint)t >= (uint)classes || (uint)p >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(truth), $"Sample {i} has true class {t} and prediction {p}; classes are 0..{classes - 1}.");
            counts[t * classes + p]++;
        }
        return new ConfusionMatrix(classes, counts);
    }

    /// <summary>Samples whose true class is c (row sum).</summary>
    public long Support(int c) => _support[c];

    /// <summary>Samples predicted as c (column sum).</summary>
    public long PredictedCount(int c) => _predicted[c];

    public long TruePositives(int c) => this[c, c];
    public long FalsePositives(int c) => _predicted[c] - this[c, c];
    public long FalseNegatives(int c) => _support[c] - this[c, c];
    public long TrueNegatives(int c) => Total - _support[c] - _predicted[c] + this[c, c];

    /// <summary>Classes that occur in the truth (support &gt; 0).</summary>
    public IReadOnlyList<int> PresentClasses => Enumerable.Range(0, Classes).Where(c => _support[c] > 0).ToList();

    /// <summary>
    /// Classes that occur in the truth or in the predictions: scikit-learn's default label set
    /// unique_labels(y_true, y_pred), over which its macro averages run.
    /// </summary>
    public IReadOnlyList<int> ObservedClasses =>
        Enumerable.Range(0, Classes).Where(c => _support[c] > 0 || _predicted[c] > 0).ToList();

    public long[][] ToRows() =>
        Enumerable.Range(0, Classes).Select(t => _counts.AsSpan(t * Classes, Classes).ToArray()).ToArray();

    /// <summary>Each row divided by its support; a row with no samples stays all zeros (sklearn normalize='true').</summary>
    public double[][] ToRowNormalized() =>
        Enumerable.Range(0, Classes)
            .Select(t => Enumerable.Range(0, Classes).Select(p => Ratio.OrZero(this[t, p], _support[t])).ToArray())
            .ToArray();
}
