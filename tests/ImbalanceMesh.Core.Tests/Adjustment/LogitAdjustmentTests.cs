using ImbalanceMesh.Core.Adjustment;

namespace ImbalanceMesh.Core.Tests.Adjustment;

public sealed class LogitAdjustmentTests
{
    [Fact]
    public void Adjusting_divides_by_the_prior_to_the_tau_and_renormalises()
    {
        var logPrior = LogitAdjustment.LogPrior([900, 100]);
        Assert.Equal(Math.Log(0.9), logPrior[0], 12);
        // p = (0.8, 0.2), π = (0.9, 0.1), τ = 1: p/π = (0.889, 2.0) → (0.3077, 0.6923).
        var adjusted = LogitAdjustment.Adjust([0.8f, 0.2f], logPrior, 1);
        Assert.Equal(0.8 / 0.9 / (0.8 / 0.9 + 0.2 / 0.1), adjusted[0], 5);
        Assert.Equal(1.0, adjusted[0] + adjusted[1], 5);
        Assert.Equal([0.8f, 0.2f], LogitAdjustment.Adjust([0.8f, 0.2f], logPrior, 0));
        Assert.All(LogitAdjustment.Adjust([1f, 0f], logPrior, 2), p => Assert.True(float.IsFinite(p)));
    }

    [Fact]
    public void Tau_is_chosen_where_validation_balanced_accuracy_is_best()
    {
        // A model that learnt the prior: every rare sample gets p(rare) = 0.3, every common one 0.1. τ = 0 predicts all
        // common (balanced accuracy 0.5); a τ that lifts 0.3/0.1^τ above 0.7/0.9^τ predicts both right.
        int[] truth = [0, 0, 0, 1, 1];
        float[] p = [0.9f, 0.1f, 0.9f, 0.1f, 0.9f, 0.1f, 0.7f, 0.3f, 0.7f, 0.3f];
        var logPrior = LogitAdjustment.LogPrior([900, 100]);
        var (tau, scores) = TauSelection.Choose(truth, p, logPrior, TauSelection.DefaultGrid);
        Assert.Equal(0.5, scores.Single(s => s.Tau == 0).BalancedAccuracy, 9);
        Assert.Equal(1.0, scores.Single(s => s.Tau == tau).BalancedAccuracy, 9);
        Assert.Equal(0.5, tau); // 0.25 is not enough (0.3/0.1^0.25 < 0.7/0.9^0.25); ties go to the smaller τ
        Assert.Equal(9, scores.Count);
    }

    [Fact]
    public void A_class_without_training_samples_has_no_prior()
    {
        Assert.Throws<ArgumentException>(() => LogitAdjustment.LogPrior([10, 0, 3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogitAdjustment.Adjust([0.5f, 0.5f], [-0.1, -2], -1));
    }
}
