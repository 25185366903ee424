using ImbalanceMesh.Core.Text;

namespace ImbalanceMesh.Core.Statistics;

/// <summary>
/// Per-class weights from class counts. Only classes with samples take part (k is their number); a class with no
/// samples in the split gets weight 0, because there is nothing of it to weight.
/// </summary>
public static class ClassWeights
{
    public const double DefaultBeta = 0.999;

    /// <param name="normalize">
    /// Scale the weights so that Σ_c n_c·w_c = n, i.e. the average weight per sample is 1 and the loss keeps its
    /// magnitude. Balanced weights already satisfy this, so normalising them changes nothing.
    /// </param>
    /// <param name="custom">Required for <see cref="WeightRule.Custom"/>: a weight for every class with samples.</param>
    public static IReadOnlyDictionary<string, double> Compute(ClassDistribution distribution, WeightRule rule,
        bool normalize = false, double beta = DefaultBeta, IReadOnlyDictionary<string, double>? custom = null)
    {
        if (rule == WeightRule.EffectiveNumber && beta is not (>= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "β of the effective number must lie in [0, 1).");
        if (rule == WeightRule.Custom) ValidateCustom(distribution, custom);

        long n = distribution.Total;
        int k = distribution.Present.Count;
        var raw = distribution.Classes.ToDictionary(c => c.Name, c => c.Count == 0 ? 0 : rule switch
        {
            WeightRule.Balanced => (double)n / (k * (double)c.Count),
            WeightRule.Inverse => 1.0 / c.Count,
            WeightRule.InverseSqrt => 1.0 / Math.Sqrt(c.Count),
            WeightRule.EffectiveNumber => (1 - beta) / (1 - Math.Pow(beta, c.Count)),
            WeightRule.Custom => custom![c.Name],
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
        }, StringComparer.Ordinal);
        if (!normalize || n == 0) return raw;

        var weightedSum = distribution.Present.Sum(c => c.Count * raw[c.Name]);
        if (weightedSum <= 0) throw new ArgumentException("Weights whose count-weighted sum is 0 cannot be normalised.");
        var scale = n / weightedSum;
        return raw.ToDictionary(kv => kv.Key, kv => kv.Value * scale, StringComparer.Ordinal);
    }

    private static void ValidateCustom(ClassDistribution distribution, IReadOnlyDictionary<string, double>? custom)
    {
        if (custom is null || custom.Count == 0)
            throw new ArgumentException("The custom rule needs a weight for every class.", nameof(custom));
        var known = distribution.Classes.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = custom.Keys.Where(name => !known.Contains(name)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Custom weights name unknown classes: {BoundedText.List(unknown)}. " +
                $"Classes: {BoundedText.List(known.Order(StringComparer.Ordinal))}.", nameof(custom));
        var missing = distribution.Present.Where(c => !custom.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"Custom weights miss classes: {BoundedText.List(missing)}.", nameof(custom));
        var bad = custom.Where(kv => !double.IsFinite(kv.Value) || kv.Value < 0).Select(kv => kv.Key).ToList();
        if (bad.Count > 0)
            throw new ArgumentException($"Custom weights must be finite and ≥ 0; not so for: {BoundedText.List(bad)}.", nameof(custom));
    }
}
