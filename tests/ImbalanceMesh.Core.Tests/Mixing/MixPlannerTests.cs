using ImbalanceMesh.Core.Mixing;
using ImbalanceMesh.Core.Randomness;
using Xunit;

namespace ImbalanceMesh.Core.Tests.Mixing;

public class MixPlannerTests
{
    [Fact]
    public void Mixup_lambda_mean_matches_beta_alpha_alpha()
    {
        const double alpha = 0.2;
        var lambdas = new List<double>();
        for (var batch = 0; batch < 500; batch++)
            lambdas.AddRange(MixPlanner.Plan(new MixOptions(MixupAlpha: alpha), 64, 32, 32, SeedDerivation.CreateRandom(4, "mix", 0, batch))
                .Select(d => d.Lambda));
        var n = lambdas.Count;
        var sigma = Math.Sqrt(alpha * alpha / (4 * alpha * alpha * (2 * alpha + 1))); // Beta(α,α) sd = √(1/(4(2α+1)))
        Assert.InRange(lambdas.Average(), 0.5 - 4 * sigma / Math.Sqrt(n), 0.5 + 4 * sigma / Math.Sqrt(n));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(33)]
    public void Partners_come_from_the_same_batch_and_never_the_sample_itself(int n)
    {
        var decisions = MixPlanner.Plan(new MixOptions(MixupAlpha: 0.4), n, 8, 8, SeedDerivation.CreateRandom(1, "mix"));
        Assert.Equal(n, decisions.Length);
        for (var i = 0; i < n; i++)
        {
            Assert.InRange(decisions[i].Partner, 0, n - 1);
            if (n > 1) Assert.NotEqual(i, decisions[i].Partner);
            else Assert.Equal(MixKind.None, decisions[i].Kind);
        }
    }

    [Fact]
    public void Cutmix_lambda_equals_the_area_not_pasted()
    {
        var rng = SeedDerivation.CreateRandom(3, "cutmix");
        for (var t = 0; t < 2000; t++)
        {
            var decisions = MixPlanner.Plan(new MixOptions(CutMixAlpha: 1.0), 4, 24, 40, rng);
            foreach (var d in decisions.Where(d => d.Kind == MixKind.CutMix))
            {
                Assert.Equal(1 - d.Box.Area / (24.0 * 40.0), d.Lambda, 12);
                Assert.InRange(d.Box.X + d.Box.Width, 0, 40);
                Assert.InRange(d.Box.Y + d.Box.Height, 0, 24);
            }
        }
    }

    [Fact]
    public void Switch_probability_and_probability_split_the_samples()
    {
        var options = new MixOptions(MixupAlpha: 0.2, CutMixAlpha: 1.0, Probability: 0.6, SwitchProbability: 0.25);
        var kinds = Enumerable.Range(0, 400)
            .SelectMany(b => MixPlanner.Plan(options, 50, 16, 16, SeedDerivation.CreateRandom(8, "mix", 0, b)))
            .GroupBy(d => d.Kind).ToDictionary(g => g.Key, g => g.Count());
        const int n = 20_000;
        void Near(MixKind kind, double p)
        {
            var sd = Math.Sqrt(n * p * (1 - p));
            Assert.InRange(kinds.GetValueOrDefault(kind), n * p - 4 * sd, n * p + 4 * sd);
        }
        Near(MixKind.None, 0.4);
        Near(MixKind.CutMix, 0.6 * 0.25);
        Near(MixKind.Mixup, 0.6 * 0.75);
    }

    [Fact]
    public void Nothing_is_mixed_when_both_alphas_are_zero()
    {
        var decisions = MixPlanner.Plan(MixOptions.Off, 16, 8, 8, SeedDerivation.CreateRandom(1, "mix"));
        Assert.All(decisions, d => Assert.Equal((MixKind.None, 1.0), (d.Kind, d.Lambda)));
    }
}
