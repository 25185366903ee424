namespace ImbalanceMesh.Core.Splitting;

/// <summary>Fractions of each class that go to train, val and test. Each in [0, 1], summing to 1 (± 1e-6).</summary>
public sealed record SplitFractions(double Train, double Val, double Test)
{
    public static readonly SplitFractions Default = new(0.8, 0.1, 0.1);

    /// <summary>Null when valid, otherwise the reason in words.</summary>
    public string? Problem()
    {
        double[] all = [Train, Val, Test];
        if (all.Any(f => !double.IsFinite(f) || f < 0 || f > 1))
            return $"Split fractions must each lie between 0 and 1; got {Train}, {Val}, {Test}.";
        if (Math.Abs(all.Sum() - 1) > 1e-6)
            return $"Split fractions must sum to 1; {Train} + {Val} + {Test} = {all.Sum()}.";
        return null;
    }
}
