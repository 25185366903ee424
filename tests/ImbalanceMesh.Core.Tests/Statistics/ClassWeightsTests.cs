using ImbalanceMesh.Core.Statistics;

namespace ImbalanceMesh.Core.Tests.Statistics;

public sealed class ClassWeightsTests
{
    private static ClassDistribution Counts(params (string Name, long Count)[] counts) =>
        new(counts.Select(c => new ClassCount(c.Name, c.Count)));

    [Fact]
    public void Balanced_matches_scikit_learn_for_two_classes()
    {
        // sklearn 1.2.1: compute_class_weight('balanced', classes=[0, 1], y=[0]*500 + [1]*1500) -> [2.0, 0.66666667]
        var w = ClassWeights.Compute(Counts(("a", 500), ("b", 1500)), WeightRule.Balanced);
        Assert.Equal(2.0, w["a"], 12);
        Assert.Equal(0.66666667, w["b"], 8);
    }

    [Fact]
    public void Balanced_matches_scikit_learn_for_three_classes()
    {
        // sklearn 1.2.1: compute_class_weight('balanced', classes=['a','b','c'], y=['a']*400 + ['b']*120 + ['c']*30)
        //   -> [0.45833333, 1.52777778, 6.11111111]
        var w = ClassWeights.Compute(Counts(("a", 400), ("b", 120), ("c", 30)), WeightRule.Balanced);
        Assert.Equal(0.45833333, w["a"], 8);
        Assert.Equal(1.52777778, w["b"], 8);
        Assert.Equal(6.11111111, w["c"], 8);
    }

    [Fact]
    public void Effective_number_follows_cui_et_al()
    {
        // numpy: (1 - 0.999) / (1 - 0.999 ** n) for n = 400, 120, 30
        var w = ClassWeights.Compute(Counts(("a", 400), ("b", 120), ("c", 30)), WeightRule.EffectiveNumber, beta: 0.999);
        Assert.Equal(0.00303201111842248, w["a"], 12);
        Assert.Equal(0.008839168572431035, w["b"], 12);
        Assert.Equal(0.03381916510077761, w["c"], 12);
    }

    [Fact]
    public void Inverse_and_inverse_sqrt()
    {
        var d = Counts(("a", 400), ("b", 100));
        var inverse = ClassWeights.Compute(d, WeightRule.Inverse);
        var sqrt = ClassWeights.Compute(d, WeightRule.InverseSqrt);
        Assert.Equal(0.0025, inverse["a"], 12);
        Assert.Equal(0.01, inverse["b"], 12);
        Assert.Equal(0.05, sqrt["a"], 12);
        Assert.Equal(0.1, sqrt["b"], 12);
    }

    [Fact]
    public void Normalised_weights_keep_the_average_weight_per_sample_at_one()
    {
        var d = Counts(("a", 400), ("b", 120), ("c", 30));
        foreach (var rule in new[] { WeightRule.Inverse, WeightRule.InverseSqrt, WeightRule.EffectiveNumber })
        {
            var w = ClassWeights.Compute(d, rule, normalize: true);
            Assert.Equal(d.Total, d.Classes.Sum(c => c.Count * w[c.Name]), 9);
        }
        // Normalised inverse weights are exactly the balanced ones.
        var inverse = ClassWeights.Compute(d, WeightRule.Inverse, normalize: true);
        var balanced = ClassWeights.Compute(d, WeightRule.Balanced);
        foreach (var c in d.Classes) Assert.Equal(balanced[c.Name], inverse[c.Name], 12);
    }

    [Fact]
    public void Custom_weights_are_taken_as_given_and_checked()
    {
        var d = Counts(("a", 10), ("b", 20));
        var w = ClassWeights.Compute(d, WeightRule.Custom, custom: new Dictionary<string, double> { ["a"] = 3, ["b"] = 1 });
        Assert.Equal(3, w["a"]);
        var unknown = Assert.Throws<ArgumentException>(() => ClassWeights.Compute(d, WeightRule.Custom,
            custom: new Dictionary<string, double> { ["a"] = 1, ["b"] = 1, ["zebra"] = 2 }));
        Assert.Contains("zebra", unknown.Message);
        var missing = Assert.Throws<ArgumentException>(() => ClassWeights.Compute(d, WeightRule.Custom,
            custom: new Dictionary<string, double> { ["a"] = 1 }));
        Assert.Contains("miss classes: b", missing.Message);
    }

    [Fact]
    public void A_class_without_samples_gets_weight_zero_and_is_not_counted_in_k()
    {
        var w = ClassWeights.Compute(Counts(("a", 500), ("b", 1500), ("empty", 0)), WeightRule.Balanced);
        Assert.Equal(0, w["empty"]);
        Assert.Equal(2.0, w["a"], 12);
    }

    [Fact]
    public void Beta_outside_zero_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ClassWeights.Compute(Counts(("a", 1)), WeightRule.EffectiveNumber, beta: 1.0));
    }

    [Fact]
    public void Rule_names_round_trip()
    {
        foreach (var rule in Enum.GetValues<WeightRule>()) Assert.Equal(rule, WeightRuleNames.Parse(rule.Name()));
        Assert.Contains("effective_number", Assert.Throws<ArgumentException>(() => WeightRuleNames.Parse("smote")).Message);
    }
}
