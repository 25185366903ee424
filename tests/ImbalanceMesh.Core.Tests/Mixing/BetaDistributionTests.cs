using ImbalanceMesh.Core.Mixing;
using ImbalanceMesh.Core.Randomness;
using Xunit;

namespace ImbalanceMesh.Core.Tests.Mixing;

public class BetaDistributionTests
{
    [Theory]
    [InlineData(0.2, 0.2)]
    [InlineData(1.0, 1.0)]
    [InlineData(0.4, 2.0)]
    [InlineData(5.0, 3.0)]
    public void Mean_and_variance_match_beta_within_four_standard_errors(double a, double b)
    {
        const int n = 40_000;
        var rng = SeedDerivation.CreateRandom(1, "beta-test", (long)(a * 10), (long)(b * 10));
        var samples = Enumerable.Range(0, n).Select(_ => BetaDistribution.Sample(rng, a, b)).ToArray();
        var mean = a / (a + b);
        var variance = a * b / ((a + b) * (a + b) * (a + b + 1));
        Assert.All(samples, x => Assert.InRange(x, 0, 1));
        Assert.InRange(samples.Average(), mean - 4 * Math.Sqrt(variance / n), mean + 4 * Math.Sqrt(variance / n));
        var sampleVariance = samples.Select(x => (x - samples.Average()) * (x - samples.Average())).Sum() / (n - 1);
        // Var of the sample variance ≈ (μ4 − σ⁴)/n ≤ σ⁴·(kurtosis)/n; Beta kurtosis ≤ 3 + 6/(a+b+... ) — use a loose 10% bound.
        Assert.InRange(sampleVariance, variance * 0.9, variance * 1.1);
    }

    [Fact]
    public void Gamma_mean_equals_shape()
    {
        const int n = 40_000;
        var rng = SeedDerivation.CreateRandom(2, "gamma-test");
        foreach (var shape in new[] { 0.3, 1.0, 4.5 })
        {
            var mean = Enumerable.Range(0, n).Select(_ => BetaDistribution.Gamma(rng, shape)).Average();
            Assert.InRange(mean, shape - 4 * Math.Sqrt(shape / n), shape + 4 * Math.Sqrt(shape / n));
        }
    }
}
