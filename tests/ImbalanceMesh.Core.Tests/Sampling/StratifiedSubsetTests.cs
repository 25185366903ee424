using ImbalanceMesh.Core.Sampling;
using Xunit;

namespace ImbalanceMesh.Core.Tests.Sampling;

public class StratifiedSubsetTests
{
    private static int[][] Classes(params int[] sizes) =>
        sizes.Select((n, c) => Enumerable.Range(sizes.Take(c).Sum(), n).ToArray()).ToArray();

    [Theory]
    [InlineData(58, new[] { 50, 6, 2 })]     // exactly proportional
    [InlineData(100, new[] { 86, 10, 4 })]   // 86.2 / 10.3 / 3.4: the largest remainder (3.4) gets the last one
    [InlineData(10, new[] { 8, 1, 1 })]      // the smallest class keeps one
    [InlineData(2, new[] { 2, 0, 0 })]       // fewer slots than classes: plain largest remainders (1.72, 0.21, 0.07)
    [InlineData(1000, new[] { 500, 60, 20 })] // the cap is above the split: everything
    public void A_capped_subset_keeps_the_class_mix(int cap, int[] expected)
    {
        var subset = StratifiedSubset.Select(Classes(500, 60, 20), cap, seed: 4);
        Assert.Equal(expected, subset.Select(c => c.Length));
        Assert.All(subset, c => Assert.Equal(c.Distinct().Count(), c.Length));
    }

    [Fact]
    public void A_plan_with_max_samples_scores_the_same_subset_every_epoch()
    {
        var labels = Enumerable.Range(0, 580).Select(i => i < 500 ? 0 : i < 560 ? 1 : 2).ToArray();
        var plan = new SamplingPlan(labels, 3, new SamplingOptions(SamplingPolicyKind.None, 16, MaxSamples: 58), seed: 3);
        Assert.Equal(58, plan.EpochLength);
        Assert.Equal(4, plan.StepsPerEpoch);
        var first = plan.Epoch(0).Select(s => s.Source).Order().ToArray();
        Assert.Equal(first, plan.Epoch(1).Select(s => s.Source).Order());
        Assert.Equal([50, 6, 2], first.GroupBy(s => labels[s]).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Throws<ArgumentException>(() => new SamplingPlan(labels, 3, new SamplingOptions(SamplingPolicyKind.Balanced, 16, MaxSamples: 58), seed: 3));
    }
}
