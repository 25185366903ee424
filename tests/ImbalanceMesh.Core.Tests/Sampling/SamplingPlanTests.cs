using ImbalanceMesh.Core.Sampling;
using Xunit;

namespace ImbalanceMesh.Core.Tests.Sampling;

public class SamplingPlanTests
{
    // 3 classes: 500 / 60 / 20 samples, interleaved so that class order does not follow source order.
    private static readonly int[] Labels = Enumerable.Range(0, 580).Select(i => i * 347 % 580).Select(p => p < 500 ? 0 : p < 560 ? 1 : 2).ToArray();

    private static int[] Counts(IEnumerable<SampleSlot> slots, int[] labels, int k)
    {
        var counts = new int[k];
        foreach (var s in slots) counts[labels[s.Source]]++;
        return counts;
    }

    [Fact]
    public void Fixture_has_the_intended_imbalance()
    {
        Assert.Equal([500, 60, 20], Counts(Enumerable.Range(0, Labels.Length).Select(i => new SampleSlot(i, false)), Labels, 3));
    }

    [Theory]
    [InlineData(30, 3)]
    [InlineData(32, 3)]
    [InlineData(7, 3)]
    [InlineData(2, 3)]
    [InlineData(64, 10)]
    public void Balanced_batches_are_exactly_balanced_or_the_nearest_split(int batchSize, int k)
    {
        var labels = Enumerable.Range(0, 1000).Select(i => i < 900 ? 0 : 1 + i % (k - 1)).ToArray();
        var plan = new SamplingPlan(labels, k, new SamplingOptions(SamplingPolicyKind.Balanced, batchSize), seed: 7);
        var totals = new int[k];
        for (var b = 0; b < plan.StepsPerEpoch; b++)
        {
            var counts = Counts(plan.Batch(0, b).ToArray(), labels, k);
            Assert.Equal(batchSize, counts.Sum());
            Assert.True(counts.Max() - counts.Min() <= 1, $"batch {b}: {string.Join(",", counts)}");
            Assert.Equal(batchSize / k, counts.Min());
            for (var c = 0; c < k; c++) totals[c] += counts[c];
        }
        // Over the epoch the extras rotate: per-class totals differ by at most one.
        Assert.True(totals.Max() - totals.Min() <= 1, string.Join(",", totals));
    }

    [Fact]
    public void Balanced_split_rotates_the_extra_samples_evenly()
    {
        var sums = new int[3];
        for (var b = 0; b < 3; b++)
        {
            var counts = BalancedSplit.Counts(32, 3, b);
            Assert.Equal(32, counts.Sum());
            for (var c = 0; c < 3; c++) sums[c] += counts[c];
        }
        Assert.Equal([32, 32, 32], sums);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(0.25)]
    public void Oversampling_reaches_the_target_ratio_with_augmented_copies(double ratio)
    {
        var plan = new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.Oversample, 32, TargetRatio: ratio), seed: 3);
        var epoch = plan.Epoch(0);
        var counts = Counts(epoch, Labels, 3);
        var target = (int)Math.Ceiling(ratio * 500);
        Assert.Equal(500, counts[0]);
        Assert.Equal(Math.Max(60, target), counts[1]);
        Assert.Equal(Math.Max(20, target), counts[2]);
        Assert.True((double)counts.Min() / counts.Max() >= ratio - 1.0 / 500);
        // Every original appears once unaugmented; the rest are copies flagged for augmentation.
        Assert.Equal(580, epoch.Count(s => !s.Augment));
        Assert.Equal(580, epoch.Where(s => !s.Augment).Select(s => s.Source).Distinct().Count());
        // Copies are spread evenly: no rare sample is repeated more than ⌈target / n⌉ times.
        var repeats = epoch.Where(s => Labels[s.Source] == 2).GroupBy(s => s.Source).Max(g => g.Count());
        Assert.True(repeats <= (int)Math.Ceiling(Math.Max(20, target) / 20.0));
    }

    [Fact]
    public void Undersampling_takes_a_fresh_subset_of_the_common_class_each_epoch()
    {
        var plan = new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.Undersample, 16, TargetRatio: 0.5), seed: 3);
        var first = plan.Epoch(0);
        var second = plan.Epoch(1);
        Assert.Equal([40, 40, 20], Counts(first, Labels, 3));
        var common0 = first.Where(s => Labels[s.Source] == 0).Select(s => s.Source).ToHashSet();
        var common1 = second.Where(s => Labels[s.Source] == 0).Select(s => s.Source).ToHashSet();
        Assert.Equal(40, common0.Count);
        // Two random 40-subsets of 500 share 3.2 samples on average; sharing most would mean no fresh draw.
        Assert.True(common0.Intersect(common1).Count() < 20);
        Assert.Equal(7, plan.StepsPerEpoch); // 100 samples / 16 = 6.25 -> a kept partial batch of 4
        Assert.Equal(4, plan.Batch(0, 6).Length);
    }

    [Fact]
    public void Drop_last_drops_the_partial_batch_only_when_asked()
    {
        var keep = new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.None, 64), seed: 1);
        var drop = new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.None, 64, DropLast: true), seed: 1);
        Assert.Equal((10, 580L), (keep.StepsPerEpoch, keep.EpochLength));
        Assert.Equal((9, 576L), (drop.StepsPerEpoch, drop.EpochLength));
        Assert.Equal(4, keep.Batch(0, 9).Length);
        Assert.Equal(580, keep.Epoch(0).Select(s => s.Source).Distinct().Count());
    }

    [Fact]
    public void An_epoch_repeats_samples_when_its_policy_makes_copies()
    {
        Assert.False(new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.None, 64), seed: 1).RepeatsSamples(0));
        Assert.False(new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.Undersample, 64), seed: 1).RepeatsSamples(0));
        Assert.True(new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.Oversample, 64), seed: 1).RepeatsSamples(0));
        Assert.True(new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.RarePlusSlice, 64, RareClasses: [1, 2]), seed: 1).RepeatsSamples(3));
        Assert.True(new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.None, 100, StepsPerEpoch: 8), seed: 1).RepeatsSamples(0));
    }

    [Fact]
    public void Explicit_steps_per_epoch_are_honoured_and_extra_passes_are_copies()
    {
        var plan = new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.None, 100, StepsPerEpoch: 8), seed: 1);
        Assert.Equal(8, plan.StepsPerEpoch);
        var epoch = plan.Epoch(0);
        Assert.Equal(800, epoch.Length);
        Assert.Equal(220, epoch.Count(s => s.Augment));
    }

    [Fact]
    public void Rare_plus_slice_uses_all_rare_samples_and_walks_the_common_pool()
    {
        var rare = new[] { 1, 2 };
        var plan = new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.RarePlusSlice, 16, RareClasses: rare), seed: 5);
        var seen = new HashSet<int>();
        for (var e = 0; e < 6; e++)
        {
            var epoch = plan.Epoch(e);
            var counts = Counts(epoch, Labels, 3);
            Assert.Equal([80, 60, 20], counts);
            Assert.True(epoch.Where(s => Labels[s.Source] != 0).All(s => s.Augment));
            var slice = epoch.Where(s => Labels[s.Source] == 0).Select(s => s.Source).ToArray();
            Assert.Equal(80, slice.Distinct().Count());
            // Six slices of 80 from a pool of 500 never overlap before the pool is used up.
            Assert.All(slice, s => Assert.True(seen.Add(s), $"sample {s} came back in epoch {e}"));
        }
    }

    [Fact]
    public void Rare_plus_slice_takes_a_fresh_slice_in_every_pass_of_every_epoch()
    {
        // 80 rare + an 80-slice per pass; 3 passes per epoch through steps_per_epoch: 240 common images an epoch, so
        // two epochs use 480 of the 500 without any coming back (until 2026-12 pass p of epoch e took slice e + p).
        var plan = new SamplingPlan(Labels, 3,
            new SamplingOptions(SamplingPolicyKind.RarePlusSlice, 16, RareClasses: [1, 2], StepsPerEpoch: 30), seed: 5);
        var seen = new HashSet<int>();
        for (var e = 0; e < 2; e++)
        {
            var common = plan.Epoch(e).Where(s => Labels[s.Source] == 0).ToArray();
            Assert.Equal(240, common.Length);
            Assert.All(common, s => Assert.False(s.Augment));
            Assert.All(common, s => Assert.True(seen.Add(s.Source), $"common sample {s.Source} came back in epoch {e}"));
        }
        // The third epoch runs past the pool's end: the walk goes on in a fresh permutation, so all 500 have been used.
        foreach (var s in plan.Epoch(2).Where(s => Labels[s.Source] == 0)) seen.Add(s.Source);
        Assert.Equal(500, seen.Count);
    }

    [Fact]
    public void Rare_copies_repeat_every_rare_image_with_a_common_slice_of_the_same_size()
    {
        var plan = new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.RarePlusSlice, 16, RareClasses: [2], RareCopies: 5), seed: 5);
        var epoch = plan.Epoch(0);
        Assert.Equal(200, epoch.Length);
        Assert.All(epoch.Where(s => Labels[s.Source] == 2).GroupBy(s => s.Source), g => Assert.Equal(5, g.Count()));
        // The common pool (classes 0 and 1 here) gives 100 different images.
        Assert.Equal(100, epoch.Where(s => Labels[s.Source] != 2).Select(s => s.Source).Distinct().Count());
        Assert.Equal(13, plan.StepsPerEpoch);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.RarePlusSlice, 16, RareCopies: 0), seed: 5));
    }

    [Fact]
    public void Rare_classes_default_to_those_below_the_median()
    {
        var plan = new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.RarePlusSlice, 16), seed: 5);
        Assert.Equal([2], plan.RareClasses);
    }

    [Fact]
    public void Weighted_sampling_follows_the_class_weights()
    {
        // Balanced weights n / (k n_c): every class has the same expected share 1/3.
        var weights = new[] { 580 / (3.0 * 500), 580 / (3.0 * 60), 580 / (3.0 * 20) };
        var plan = new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.Weighted, 32, ClassWeights: weights, StepsPerEpoch: 300), seed: 9);
        var counts = Counts(plan.Epoch(0), Labels, 3);
        var n = counts.Sum();
        var sigma = Math.Sqrt(n * (1 / 3.0) * (2 / 3.0));
        foreach (var c in counts) Assert.InRange(c, n / 3.0 - 4 * sigma, n / 3.0 + 4 * sigma);
    }

    [Fact]
    public void A_batch_is_a_pure_function_of_seed_epoch_and_index()
    {
        var options = new SamplingOptions(SamplingPolicyKind.Balanced, 24);
        var a = new SamplingPlan(Labels, 3, options, seed: 11);
        var b = new SamplingPlan(Labels, 3, options, seed: 11);
        var c = new SamplingPlan(Labels, 3, options, seed: 12);
        Assert.Equal(a.Batch(2, 5).ToArray(), b.Batch(2, 5).ToArray());
        Assert.NotEqual(a.Batch(2, 5).ToArray(), c.Batch(2, 5).ToArray());
        Assert.NotEqual(a.Batch(2, 5).ToArray(), a.Batch(3, 5).ToArray());
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.None, 0), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.Oversample, 8, TargetRatio: 1.5), 1));
        Assert.Throws<ArgumentException>(() => new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.Weighted, 8), 1));
        Assert.Throws<ArgumentException>(() => new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.None, 1000, DropLast: true), 1));
        var plan = new SamplingPlan(Labels, 3, new SamplingOptions(SamplingPolicyKind.None, 64), 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Batch(0, 10).ToArray());
    }
}
