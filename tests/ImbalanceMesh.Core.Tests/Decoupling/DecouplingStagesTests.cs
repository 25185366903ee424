using ImbalanceMesh.Core.Decoupling;

namespace ImbalanceMesh.Core.Tests.Decoupling;

public sealed class DecouplingStagesTests
{
    [Theory]
    [InlineData("crt", null, null, null)]
    [InlineData("crt", 100, null, null)]
    [InlineData("crt", 0, null, "K in 1..100, got 0")]
    [InlineData("crt", null, 0.5, "takes classifier epochs, not τ")]
    [InlineData("tau-norm", null, 2.0, null)]
    [InlineData("tau-norm", null, 0.0, null)]
    [InlineData("tau-norm", null, 2.01, "0 <= τ <= 2, got 2.01")]
    [InlineData("tau-norm", null, double.NaN, "0 <= τ <= 2")]
    [InlineData("tau-norm", 3, null, "takes no epochs")]
    [InlineData("lws", null, null, "unknown decoupling stage 'lws'")]
    public void Problems_name_the_bad_value(string method, int? epochs, double? tau, string? expected)
    {
        var problem = DecouplingStages.Problem(method, epochs, tau);
        if (expected is null) Assert.Null(problem);
        else Assert.Contains(expected, problem);
    }

    [Fact]
    public void Tau_scale_is_one_over_the_norm_to_the_tau()
    {
        Assert.Equal(1, DecouplingStages.TauScale(4, 0));
        Assert.Equal(0.25, DecouplingStages.TauScale(4, 1), 12);
        Assert.Equal(0.5, DecouplingStages.TauScale(4, 0.5), 12);
        Assert.Equal(1, DecouplingStages.TauScale(0, 1)); // a zero row stays zero instead of becoming NaN
    }

    [Fact]
    public void The_chosen_tau_scores_best_and_ties_go_to_the_smaller_change()
    {
        Assert.Equal(0.7, DecouplingStages.ChooseTau([(0, 0.5), (0.7, 0.8), (1, 0.6)]));
        Assert.Equal(0.3, DecouplingStages.ChooseTau([(0.6, 0.8), (0.3, 0.8), (0, 0.2)]));
        Assert.Throws<ArgumentException>(() => DecouplingStages.ChooseTau([]));
        Assert.Equal(0, DecouplingStages.TauGrid[0]);
        Assert.Equal(1.5, DecouplingStages.TauGrid[^1], 12);
    }

    [Fact]
    public void Crt_defaults_to_a_fifth_of_the_epochs_at_least_one()
    {
        Assert.Equal(3, DecouplingStages.DefaultCrtEpochs(15));
        Assert.Equal(1, DecouplingStages.DefaultCrtEpochs(2));
    }
}
