using ImbalanceMesh.Core.Metrics;

namespace ImbalanceMesh.Core.Tests.Metrics;

public sealed class ConfusionMatrixTests
{
    private static readonly int[] Truth = [0, 0, 0, 1, 1, 2];
    private static readonly int[] Predicted = [0, 0, 1, 1, 0, 1];

    [Fact]
    public void Rows_are_truth_and_columns_are_predictions()
    {
        var m = ConfusionMatrix.From(Truth, Predicted, 3);
        Assert.Equal([[2L, 1, 0], [1, 1, 0], [0, 1, 0]], m.ToRows());
        Assert.Equal(6, m.Total);
        Assert.Equal(3, m.Correct);
        Assert.Equal([3L, 2, 1], Enumerable.Range(0, 3).Select(m.Support));
        Assert.Equal([3L, 3, 0], Enumerable.Range(0, 3).Select(m.PredictedCount));
    }

    [Fact]
    public void One_vs_rest_counts_add_up_for_every_class()
    {
        var m = ConfusionMatrix.From(Truth, Predicted, 3);
        // class 1: TP 1, FP 2 (two predicted 1 wrongly), FN 1, TN 2
        Assert.Equal((1L, 2L, 1L, 2L), (m.TruePositives(1), m.FalsePositives(1), m.FalseNegatives(1), m.TrueNegatives(1)));
        for (var c = 0; c < 3; c++)
            Assert.Equal(m.Total, m.TruePositives(c) + m.FalsePositives(c) + m.FalseNegatives(c) + m.TrueNegatives(c));
    }

    [Fact]
    public void Row_normalised_divides_by_support_and_leaves_an_absent_class_at_zero()
    {
        // class 3 has no samples: sklearn confusion_matrix(normalize='true') gives its row as zeros
        var m = ConfusionMatrix.From(Truth, Predicted, 4);
        var rows = m.ToRowNormalized();
        Assert.Equal([2 / 3.0, 1 / 3.0, 0, 0], rows[0]);
        Assert.Equal([0.5, 0.5, 0, 0], rows[1]);
        Assert.Equal([0.0, 0, 0, 0], rows[3]);
    }

    [Fact]
    public void Present_and_observed_classes_follow_truth_and_predictions()
    {
        var m = ConfusionMatrix.From([0, 0, 2], [0, 3, 2], 5);
        Assert.Equal([0, 2], m.PresentClasses);
        Assert.Equal([0, 2, 3], m.ObservedClasses);
    }

    [Fact]
    public void Labels_outside_the_class_range_are_rejected_with_the_sample()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.From([0, 1], [0, 3], 3));
        Assert.Contains("Sample 1", e.Message);
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 1], [0], 3));
    }
}
