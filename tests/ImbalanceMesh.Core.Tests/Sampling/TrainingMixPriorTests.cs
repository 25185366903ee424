using ImbalanceMesh.Core.Adjustment;
using ImbalanceMesh.Core.Sampling;
using Xunit;

namespace ImbalanceMesh.Core.Tests.Sampling;

/// <summary>The class prior of the mix a plan trains on (SamplingPlan.ClassCounts), which validation corrects for.</summary>
public sealed class TrainingMixPriorTests
{
    // 2,000 common (class 0) and 20 rare (class 1), interleaved.
    private static readonly int[] Labels = Enumerable.Range(0, 2020).Select(i => i % 101 == 0 ? 1 : 0).ToArray();

    private static long[] Mix(SamplingOptions options, int epoch = 0) => new SamplingPlan(Labels, 2, options, seed: 3).ClassCounts(epoch);

    [Fact]
    public void Rare_plus_slice_trains_on_one_to_one_balanced_on_equal_shares_and_none_on_the_split_itself()
    {
        Assert.Equal([20, 2000], Labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()).Reverse().ToArray());
        // 20 rare × 10 copies and a fresh common slice of the same size, in every epoch.
        Assert.Equal([200L, 200L], Mix(new SamplingOptions(SamplingPolicyKind.RarePlusSlice, 64, RareCopies: 10)));
        Assert.Equal([200L, 200L], Mix(new SamplingOptions(SamplingPolicyKind.RarePlusSlice, 64, RareCopies: 10), epoch: 5));
        // Balanced: every batch of 16 is 8 + 8, for ⌈2020 / 16⌉ batches.
        Assert.Equal([1016L, 1016L], Mix(new SamplingOptions(SamplingPolicyKind.Balanced, 16)));
        Assert.Equal([2000L, 20L], Mix(new SamplingOptions(SamplingPolicyKind.None, 64)));
        // Oversampled to half the largest class.
        Assert.Equal([2000L, 1000L], Mix(new SamplingOptions(SamplingPolicyKind.Oversample, 64, TargetRatio: 0.5)));
    }

    [Fact]
    public void The_shift_to_a_skewed_target_prior_favours_the_common_class_by_the_log_of_the_ratio()
    {
        var mix = Mix(new SamplingOptions(SamplingPolicyKind.RarePlusSlice, 64, RareCopies: 10));
        // A 2000:1 validation split: log π − log q = (log ½ − log 2000/2001, log ½ − log 1/2001).
        var shift = LogitAdjustment.PriorShift(mix, [2000, 1]);
        Assert.Equal(Math.Log(0.5) - Math.Log(2000.0 / 2001), shift[0], 12);
        Assert.Equal(Math.Log(0.5) - Math.Log(1.0 / 2001), shift[1], 12);
        // A model that is 90 % sure of "rare" on the 1:1 mix is, on a 2000:1 split, 9/(9 + 2000) sure.
        var adjusted = LogitAdjustment.Adjust([0.1f, 0.9f], shift, 1);
        Assert.Equal(9.0 / 2009, adjusted[1], 5);
        // Natural sampling: the training mix is the split's own prior, so there is nothing to correct.
        Assert.All(LogitAdjustment.PriorShift(Mix(new SamplingOptions(SamplingPolicyKind.None, 64)), [2000, 20]), s => Assert.Equal(0, s, 12));
        Assert.Throws<ArgumentException>(() => LogitAdjustment.PriorShift([200, 200], [2000, 0]));
        Assert.Throws<ArgumentException>(() => LogitAdjustment.PriorShift([200, 200], [1, 2, 3]));
    }
}
