using ImbalanceMesh.Core.Metrics;

namespace ImbalanceMesh.Core.Tests.Metrics;

public sealed class TopKTests
{
    [Fact]
    public void Ties_rank_the_higher_class_index_first_like_scikit_learn()
    {
        // sklearn 1.2.1: top_k_accuracy_score([0,1,2], [[.2,.2,.6],[.5,.25,.25],[.1,.45,.45]], k=1) -> 0.3333333333333333
        var scores = new ScoreMatrix([0.2f, 0.2f, 0.6f, 0.5f, 0.25f, 0.25f, 0.1f, 0.45f, 0.45f], 3);
        Assert.Equal(1 / 3.0, ScoreMetrics.TopKAccuracy([0, 1, 2], scores, 1), 15);
        Assert.Equal([2, 1], scores.TopClasses(2, 2));
        // argmax (the hard prediction) keeps the lowest index on a tie
        Assert.Equal(1, scores.ArgMax(2));
    }

    [Fact]
    public void K_of_at_least_the_class_count_always_hits_and_k_below_one_is_rejected()
    {
        var scores = new ScoreMatrix([0.9f, 0.1f, 0.8f, 0.2f], 2);
        Assert.Equal(1.0, ScoreMetrics.TopKAccuracy([1, 1], scores, 2));
        Assert.Equal(0.0, ScoreMetrics.TopKAccuracy([1, 1], scores, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreMetrics.TopKAccuracy([1, 1], scores, 0));
    }
}
