namespace ImbalanceMesh.Core.Metrics;

/// <summary>The zero-division rule used by every metric here: x / 0 = 0 (scikit-learn zero_division=0).</summary>
internal static class Ratio
{
    public static double OrZero(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;
}
