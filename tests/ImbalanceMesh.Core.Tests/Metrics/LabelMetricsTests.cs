using ImbalanceMesh.Core.Metrics;

namespace ImbalanceMesh.Core.Tests.Metrics;

public sealed class LabelMetricsTests
{
    // Class 2 is never predicted. Matrix rows [2,1,0] [1,1,0] [0,1,0].
    private static readonly ConfusionMatrix NeverPredicted = ConfusionMatrix.From([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 0, 1], 3);

    [Fact]
    public void Per_class_metrics_by_hand_with_a_class_never_predicted()
    {
        var m = NeverPredicted;
        Assert.Equal([2 / 3.0, 1 / 3.0, 0], Enumerable.Range(0, 3).Select(c => LabelMetrics.Precision(m, c)));
        Assert.Equal([2 / 3.0, 0.5, 0], Enumerable.Range(0, 3).Select(c => LabelMetrics.Recall(m, c)));
        Assert.Equal([2 / 3.0, 0.4, 0], Enumerable.Range(0, 3).Select(c => LabelMetrics.F1(m, c)));
        // TN / (TN + FP): class 0 2/3, class 1 2/4, class 2 5/5
        Assert.Equal([2 / 3.0, 0.5, 1], Enumerable.Range(0, 3).Select(c => LabelMetrics.Specificity(m, c)));
    }

    [Fact]
    public void Headline_metrics_by_hand_with_a_class_never_predicted()
    {
        var m = NeverPredicted;
        Assert.Equal(0.5, LabelMetrics.Accuracy(m), 15);
        Assert.Equal((2 / 3.0 + 0.5 + 0) / 3, LabelMetrics.BalancedAccuracy(m), 15);
        Assert.Equal((2 / 3.0 + 0.4 + 0) / 3, LabelMetrics.MacroF1(m), 15);
        Assert.Equal((3 * 2 / 3.0 + 2 * 0.4 + 0) / 6, LabelMetrics.WeightedF1(m), 15);
        // MCC: s = 6, c = 3, t = [3,2,1], p = [3,3,0] -> (18 - 15) / sqrt((36 - 18)(36 - 14))
        Assert.Equal(3 / Math.Sqrt(18 * 22), LabelMetrics.MatthewsCorrelation(m), 15);
    }

    [Fact]
    public void G_mean_is_zeroed_by_an_unrecognised_class_unless_corrected()
    {
        Assert.Equal(0, LabelMetrics.GMean(NeverPredicted));
        Assert.Equal(Math.Cbrt(2 / 3.0 * 0.5 * 0.001), LabelMetrics.GMean(NeverPredicted, correction: 0.001), 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelMetrics.GMean(NeverPredicted, correction: -0.1));
    }

    [Fact]
    public void Class_absent_and_never_predicted_is_left_out_like_sklearn()
    {
        // imblearn 0.10 / sklearn 1.2.1, y=[0,0,1,2,2,2], p=[0,1,1,2,2,0] (class 3 of 4 neither true nor predicted):
        //   balanced_accuracy_score 0.7222222222222222, f1_score(average='macro') 0.6555555555555556,
        //   f1_score(average='weighted') 0.6777777777777777, geometric_mean_score 0.6933612743506347,
        //   matthews_corrcoef 0.5222329678670935
        var m = ConfusionMatrix.From([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0], 4);
        Assert.Equal(0.7222222222222222, LabelMetrics.BalancedAccuracy(m), 14);
        Assert.Equal(0.6555555555555556, LabelMetrics.MacroF1(m), 14);
        Assert.Equal(0.6777777777777777, LabelMetrics.WeightedF1(m), 14);
        Assert.Equal(0.6933612743506347, LabelMetrics.GMean(m), 14);
        Assert.Equal(0.5222329678670935, LabelMetrics.MatthewsCorrelation(m), 14);
    }

    [Fact]
    public void Class_absent_but_predicted_counts_in_macro_f1_and_g_mean_but_not_balanced_accuracy()
    {
        // imblearn 0.10 / sklearn 1.2.1, y=[0,0,1,2,2,2], p=[0,1,1,2,3,0]:
        //   balanced_accuracy_score 0.611111111111111, f1_score(average='macro') 0.41666666666666663,
        //   f1_score(average='weighted') 0.5277777777777778, geometric_mean_score 0.0,
        //   geometric_mean_score(correction=0.001) 0.11362193664674995, matthews_corrcoef 0.3763089045031908
        var m = ConfusionMatrix.From([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 3, 0], 4);
        Assert.Equal(0.611111111111111, LabelMetrics.BalancedAccuracy(m), 14);
        Assert.Equal(0.41666666666666663, LabelMetrics.MacroF1(m), 14);
        Assert.Equal(0.5277777777777778, LabelMetrics.WeightedF1(m), 14);
        Assert.Equal(0.0, LabelMetrics.GMean(m));
        Assert.Equal(0.11362193664674995, LabelMetrics.GMean(m, 0.001), 14);
        Assert.Equal(0.3763089045031908, LabelMetrics.MatthewsCorrelation(m), 14);
    }

    [Fact]
    public void Degenerate_inputs_follow_zero_division_zero()
    {
        var empty = ConfusionMatrix.From([], [], 3);
        Assert.Equal(0, LabelMetrics.Accuracy(empty));
        Assert.Equal(0, LabelMetrics.BalancedAccuracy(empty));
        Assert.Equal(0, LabelMetrics.MacroF1(empty));
        Assert.Equal(0, LabelMetrics.WeightedF1(empty));
        Assert.Equal(0, LabelMetrics.GMean(empty, 0.001));
        Assert.Equal(0, LabelMetrics.MatthewsCorrelation(empty));
        // everything predicted as one class: sklearn matthews_corrcoef([0,1,2],[1,1,1]) == 0.0
        Assert.Equal(0, LabelMetrics.MatthewsCorrelation(ConfusionMatrix.From([0, 1, 2], [1, 1, 1], 3)));
    }
}
