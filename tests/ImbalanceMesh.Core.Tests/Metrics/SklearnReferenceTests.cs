using ImbalanceMesh.Core.Metrics;

namespace ImbalanceMesh.Core.Tests.Metrics;

/// <summary>
/// Whole reports against values printed once by sklearn_reference.py (scikit-learn 1.2.1, imbalanced-learn 0.10.0),
/// on the data of <see cref="MetricCases"/>.
/// </summary>
public sealed class SklearnReferenceTests
{
    private const int Digits = 12;

    [Fact]
    public void Binary_report_matches_scikit_learn()
    {
        var (truth, scores) = MetricCases.Binary();
        var r = ClassificationEvaluator.Evaluate(truth, scores, new MetricOptions(TopK: 1));

        Assert.Equal([[4L, 1], [3, 2]], r.Confusion.ToRows());        // confusion_matrix
        AssertAll([0.5714285714285714, 0.6666666666666666], r.PerClass.Select(c => c.Precision)); // precision_recall_fscore_support
        AssertAll([0.8, 0.4], r.PerClass.Select(c => c.Recall));
        AssertAll([0.6666666666666666, 0.5], r.PerClass.Select(c => c.F1));
        AssertAll([0.4, 0.8], r.PerClass.Select(c => c.Specificity));  // sensitivity_specificity_support
        Assert.Equal([5L, 5], r.PerClass.Select(c => c.Support));
        Assert.Equal(0.6, r.Accuracy, Digits);                          // accuracy_score
        Assert.Equal(0.6000000000000001, r.BalancedAccuracy, Digits);   // balanced_accuracy_score
        Assert.Equal(0.5833333333333333, r.MacroF1, Digits);            // f1_score(average='macro')
        Assert.Equal(0.5833333333333333, r.WeightedF1, Digits);         // f1_score(average='weighted')
        Assert.Equal(0.565685424949238, r.GMean, Digits);               // geometric_mean_score
        Assert.Equal(0.2182178902359924, r.MatthewsCorrelation, Digits); // matthews_corrcoef
        // roc_auc_score(y == c, s[:, c]) and average_precision_score(y == c, s[:, c]); scores tie at 6/16 and 5/16
        AssertAll([0.68, 0.68], r.PerClass.Select(c => c.RocAuc));
        AssertAll([0.7535714285714286, 0.75], r.PerClass.Select(c => c.AveragePrecision));
    }

    [Fact]
    public void Ten_class_report_matches_scikit_learn_and_imbalanced_learn()
    {
        var (truth, scores) = MetricCases.TenClass();
        var r = ClassificationEvaluator.Evaluate(truth, scores, new MetricOptions(TopK: 2, GMeanCorrection: 0.001));

        Assert.Equal(150, r.Samples);
        Assert.Equal(
            [[2L, 0, 0, 0, 0, 0, 1, 1, 0, 0], [0, 2, 0, 1, 1, 0, 0, 1, 0, 0], [0, 2, 3, 2, 0, 0, 0, 0, 2, 0],
             [1, 0, 0, 5, 2, 0, 1, 3, 1, 0], [1, 3, 0, 3, 5, 1, 0, 1, 2, 3], [1, 2, 1, 2, 1, 10, 0, 1, 1, 1],
             [0, 1, 0, 2, 0, 1, 2, 0, 0, 0], [1, 2, 1, 3, 0, 3, 2, 9, 3, 2], [0, 3, 5, 0, 0, 1, 1, 2, 9, 2],
             [2, 1, 1, 6, 1, 1, 0, 1, 1, 11]],
            r.Confusion.ToRows());
        // confusion_matrix(normalize='true'), row 8
        AssertAll([0.0, 0.130434782609, 0.217391304348, 0.0, 0.0, 0.04347826087, 0.04347826087, 0.086956521739, 0.391304347826, 0.086956521739],
            r.Confusion.ToRowNormalized()[8]);
        // precision_recall_fscore_support(y, p, labels=range(10), zero_division=0)
        AssertAll([0.25, 0.125, 0.2727272727272727, 0.20833333333333334, 0.5, 0.5882352941176471, 0.2857142857142857,
            0.47368421052631576, 0.47368421052631576, 0.5789473684210527], r.PerClass.Select(c => c.Precision));
        AssertAll([0.5, 0.4, 0.3333333333333333, 0.38461538461538464, 0.2631578947368421, 0.5, 0.3333333333333333,
            0.34615384615384615, 0.391304347826087, 0.44], r.PerClass.Select(c => c.Recall));
        AssertAll([0.3333333333333333, 0.19047619047619047, 0.3, 0.2702702702702703, 0.3448275862068966, 0.5405405405405405,
            0.30769230769230765, 0.39999999999999997, 0.42857142857142855, 0.5], r.PerClass.Select(c => c.F1));
        Assert.Equal([4L, 5, 9, 13, 19, 20, 6, 26, 23, 25], r.PerClass.Select(c => c.Support));
        // imblearn sensitivity_specificity_support
        AssertAll([0.958904109589041, 0.903448275862069, 0.9432624113475178, 0.8613138686131386, 0.9618320610687023,
            0.9461538461538461, 0.9652777777777778, 0.9193548387096774, 0.9212598425196851, 0.936], r.PerClass.Select(c => c.Specificity));
        Assert.Equal(0.38666666666666666, r.Accuracy, Digits);          // accuracy_score
        Assert.Equal(0.38918981399988267, r.BalancedAccuracy, Digits);  // balanced_accuracy_score
        Assert.Equal(0.3615711657090967, r.MacroF1, Digits);            // f1_score(average='macro')
        Assert.Equal(0.40310039634177564, r.WeightedF1, Digits);        // f1_score(average='weighted')
        Assert.Equal(0.38249318864283777, r.GMean, Digits);             // geometric_mean_score(correction=0.001)
        Assert.Equal(0.3135386525532689, r.MatthewsCorrelation, Digits); // matthews_corrcoef
        // roc_auc_score(y == c, s[:, c]); many scores tie (integer weights / row sums)
        AssertAll([0.6763698630136986, 0.6537931034482759, 0.6414499605988967, 0.6959573273441887, 0.6679389312977099,
            0.8003846153846154, 0.9212962962962964, 0.7710918114143921, 0.672030126668949, 0.79744], r.PerClass.Select(c => c.RocAuc));
        // average_precision_score(y == c, s[:, c])
        AssertAll([0.3109514130855594, 0.2668857978694045, 0.3902847697833693, 0.4685284341705, 0.33752538855360725,
            0.5459557192209075, 0.4066973566973566, 0.4909441825730268, 0.48468103636791193, 0.6310872821699787],
            r.PerClass.Select(c => c.AveragePrecision));
        Assert.Equal(0.7297752035467022, r.MacroRocAuc, Digits);        // roc_auc_score(multi_class='ovr', average='macro')
        Assert.Equal(0.4866666666666667, r.TopKAccuracy, Digits);       // top_k_accuracy_score(k=2)
    }

    [Theory]
    // top_k_accuracy_score(y, s, k) on the ten-class case; k=1 differs from accuracy because ties rank the higher index first
    [InlineData(1, 0.42)]
    [InlineData(2, 0.4866666666666667)]
    [InlineData(3, 0.5933333333333334)]
    [InlineData(10, 1.0)]
    public void Top_k_accuracy_matches_scikit_learn(int k, double expected)
    {
        var (truth, scores) = MetricCases.TenClass();
        Assert.Equal(expected, ScoreMetrics.TopKAccuracy(truth, scores, k), Digits);
    }

    private static void AssertAll(IEnumerable<double> expected, IEnumerable<double> actual)
    {
        var (e, a) = (expected.ToArray(), actual.ToArray());
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) < 1e-11, $"[{i}] expected {e[i]:R}, got {a[i]:R}");
    }
}
