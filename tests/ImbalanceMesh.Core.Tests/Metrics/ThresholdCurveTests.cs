using ImbalanceMesh.Core.Metrics;

namespace ImbalanceMesh.Core.Tests.Metrics;

public sealed class ThresholdCurveTests
{
    [Fact]
    public void Ties_enter_together_and_count_half_in_the_auc()
    {
        // positives score 0.9 and 0.5, negatives 0.5 and 0.1: the tied pair counts 1/2 -> AUC (1 + 1 + 1 + 0.5) / 4
        var curve = ThresholdCurve.From([true, true, false, false], [0.9, 0.5, 0.5, 0.1]);
        Assert.Equal([new ThresholdPoint(0.9, 1, 0), new ThresholdPoint(0.5, 2, 1), new ThresholdPoint(0.1, 2, 2)], curve.Points);
        Assert.Equal(0.875, curve.RocAuc(), 15);
        // AP: thresholds 0.9 (R 0.5, P 1), 0.5 (R 1, P 2/3) -> 0.5 * 1 + 0.5 * 2/3
        Assert.Equal(0.5 + 1 / 3.0, curve.AveragePrecision(), 15);
        Assert.Equal([(0.0, 0.0), (0.0, 0.5), (0.5, 1.0), (1.0, 1.0)], curve.Roc());
    }

    [Fact]
    public void Perfect_and_inverted_rankings()
    {
        Assert.Equal(1.0, ThresholdCurve.From([true, false], [0.8, 0.2]).RocAuc());
        Assert.Equal(0.0, ThresholdCurve.From([true, false], [0.2, 0.8]).RocAuc());
        Assert.Equal(0.5, ThresholdCurve.From([true, false], [0.5, 0.5]).RocAuc());
    }

    [Fact]
    public void A_class_absent_from_the_truth_has_no_auc_or_average_precision()
    {
        // sklearn raises "Only one class present in y_true" for the AUC and returns a meaningless -0.0 for the AP
        var absent = ThresholdCurve.From([false, false, false], [0.1, 0.5, 0.2]);
        Assert.True(double.IsNaN(absent.RocAuc()));
        Assert.True(double.IsNaN(absent.AveragePrecision()));
        Assert.Empty(absent.Roc());
        Assert.Empty(absent.PrecisionRecall());
        // all positives: AP is defined (precision 1 everywhere), AUC is not
        var allPositive = ThresholdCurve.From([true, true], [0.1, 0.5]);
        Assert.True(double.IsNaN(allPositive.RocAuc()));
        Assert.Equal(1.0, allPositive.AveragePrecision());
    }

    [Fact]
    public void Report_of_a_split_without_one_class_leaves_it_out_of_macro_auc()
    {
        // 3 classes, class 2 absent from the truth: its AUC/AP are NaN and the macro AUC averages classes 0 and 1
        int[] truth = [0, 0, 1, 1];
        var scores = new ScoreMatrix([0.7f, 0.2f, 0.1f, 0.4f, 0.5f, 0.1f, 0.3f, 0.6f, 0.1f, 0.2f, 0.3f, 0.5f], 3);
        var r = ClassificationEvaluator.Evaluate(truth, scores, new MetricOptions());
        Assert.True(double.IsNaN(r.PerClass[2].RocAuc));
        Assert.True(double.IsNaN(r.PerClass[2].AveragePrecision));
        Assert.Equal(0, r.PerClass[2].Support);
        Assert.Equal(1, r.PerClass[2].Predicted);
        Assert.Equal((r.PerClass[0].RocAuc + r.PerClass[1].RocAuc) / 2, r.MacroRocAuc, 15);
        // class 0 scores 0.7, 0.4 (pos) vs 0.3, 0.2 (neg): perfectly ranked
        Assert.Equal(1.0, r.PerClass[0].RocAuc);
    }
}
