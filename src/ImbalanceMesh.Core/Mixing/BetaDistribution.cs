namespace ImbalanceMesh.Core.Mixing;

/// <summary>Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), Gamma by Marsaglia &amp; Tsang (2000).</summary>
public static class BetaDistribution
{
    public static double Sample(Random rng, double a, double b)
    {
        var x = Gamma(rng, a);
        var y = Gamma(rng, b);
        // Both can underflow to 0 for tiny shapes; the limit then puts all mass on one end, chosen fairly.
        return x + y > 0 ? x / (x + y) : (rng.NextDouble() < a / (a + b) ? 1.0 : 0.0);
    }

    public static double Gamma(Random rng, double shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape);
        if (shape < 1)
        {
            // Gamma(k) = Gamma(k + 1) · U^(1/k) for k < 1.
            var u = 1.0 - rng.NextDouble();
            return Gamma(rng, shape + 1) * Math.Pow(u, 1 / shape);
        }
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = StandardNormal(rng);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            var u = 1.0 - rng.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    private static double StandardNormal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
