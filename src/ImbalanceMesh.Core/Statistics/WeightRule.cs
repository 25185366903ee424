namespace ImbalanceMesh.Core.Statistics;

/// <summary>How class counts turn into per-class loss or sampling weights.</summary>
public enum WeightRule
{
    /// <summary>n / (k · n_c), identical to scikit-learn's compute_class_weight('balanced').</summary>
    Balanced,
    /// <summary>1 / n_c.</summary>
    Inverse,
    /// <summary>1 / √n_c.</summary>
    InverseSqrt,
    /// <summary>(1 − β) / (1 − β^n_c), the inverse effective number of samples (Cui et al., CVPR 2019).</summary>
    EffectiveNumber,
    /// <summary>A weight per class given by the user.</summary>
    Custom,
}

public static class WeightRuleNames
{
    public static string Name(this WeightRule rule) => rule switch
    {
        WeightRule.Balanced => "balanced",
        WeightRule.Inverse => "inverse",
        WeightRule.InverseSqrt => "inverse_sqrt",
        WeightRule.EffectiveNumber => "effective_number",
        WeightRule.Custom => "custom",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    public static WeightRule Parse(string name)
    {
        foreach (var rule in Enum.GetValues<WeightRule>())
            if (rule.Name() == name) return rule;
        throw new ArgumentException(
            $"Unknown weight rule '{name}'. Known rules: {string.Join(", ", Enum.GetValues<WeightRule>().Select(r => r.Name()))}.",
            nameof(name));
    }
}
