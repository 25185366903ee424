using ImbalanceMesh.Core.Strategies;

namespace ImbalanceMesh.Core.Tests.Strategies;

public sealed class StrategyCompositionTests
{
    [Fact]
    public void Named_strategies_are_one_part_compositions()
    {
        var oversample = StrategyCatalog.Get("oversample");
        Assert.Equal(("oversample", "ce", 0.0), (oversample.Sampling, oversample.Loss, oversample.MixupAlpha));
        var mixup = StrategyCatalog.Get("mixup");
        Assert.Equal(("none", "ce", 0.2), (mixup.Sampling, mixup.Loss, mixup.MixupAlpha));
        Assert.Equal("logit-adjusted", StrategyCatalog.Get("logit-adjusted").Loss);
    }

    [Fact]
    public void A_composition_sets_one_value_per_axis_with_values_after_equals()
    {
        var s = StrategyComposition.Parse(" Balanced+remix+mixup=0.4+mix-off=3 ");
        Assert.Equal("balanced+remix+mixup=0.4+mix-off=3", s.Name);
        Assert.Equal(("balanced", "ce", 0.4, true, 3), (s.Sampling, s.Loss, s.MixupAlpha, s.Remix, s.MixOffLastEpochs));
        var drw = StrategyComposition.Parse("mixup+drw=12");
        Assert.Equal((true, 12, 0.2), (drw.DeferredReweighting, drw.DrwStartEpoch, drw.MixupAlpha));
        var remix = StrategyComposition.Parse("remix+drw");
        Assert.Equal((0.2, true, (int?)null), (remix.MixupAlpha, remix.DeferredReweighting, remix.DrwStartEpoch));
        Assert.Equal(1.0, StrategyComposition.Parse("oversample+cutmix").CutMixAlpha);
    }

    [Theory]
    [InlineData("oversample+smote", "Unknown part 'smote'")]
    [InlineData("oversample+balanced", "two samplings (oversample, balanced)")]
    [InlineData("focal+logit-adjusted", "two losses (focal, logit-adjusted)")]
    [InlineData("mixup+mixup", "names 'mixup' twice")]
    [InlineData("ce++mixup", "empty part")]
    [InlineData("focal+drw", "drw re-weights plain cross-entropy, not focal")]
    [InlineData("ldam-drw+drw", "ldam-drw already re-weights")]
    [InlineData("oversample+mix-off", "mixes nothing")]
    [InlineData("mixup=0", "α must be a number > 0")]
    [InlineData("mixup=abc", "α must be a number > 0")]
    [InlineData("ce+drw=-1", "whole number ≥ 0")]
    [InlineData("mixup+mix-off=0", "whole number ≥ 1")]
    [InlineData("balanced=2", "takes no value")]
    [InlineData("", "empty")]
    [InlineData("ce+crt+tau-norm", "two decoupling stages (crt, tau-norm)")]
    [InlineData("ce+crt=0", "whole number ≥ 1")]
    [InlineData("ce+crt=101", "K in 1..100, got 101")]
    [InlineData("ce+crt=0.5", "whole number ≥ 1")]
    [InlineData("ce+tau-norm=2.5", "0 <= τ <= 2, got 2.5")]
    [InlineData("ce+tau-norm=-0.1", "0 <= τ <= 2")]
    [InlineData("ce+tau-norm=x", "τ must be a number")]
    [InlineData("oversample+aug", "needs a strength: aug=none|light|medium|strong")]
    [InlineData("oversample+aug=heavy", "needs a strength: aug=none|light|medium|strong")]
    [InlineData("oversample+aug=light+aug=strong", "names 'aug' twice")]
    public void Bad_compositions_say_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => StrategyComposition.Parse(text));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_decoupling_stage_is_a_part_with_optional_epochs_or_tau()
    {
        var crt = StrategyComposition.Parse("oversample+crt");
        Assert.Equal(("oversample", "crt", (int?)null, (double?)null), (crt.Sampling, crt.Decoupling, crt.DecouplingEpochs, crt.DecouplingTau));
        Assert.Contains("classifier re-training", crt.Summary);
        Assert.Equal(5, StrategyComposition.Parse("ce+crt=5").DecouplingEpochs);
        var tau = StrategyComposition.Parse("ce+tau-norm=0.7");
        Assert.Equal(("tau-norm", 0.7), (tau.Decoupling, tau.DecouplingTau));
        Assert.Null(StrategyComposition.Parse("ce+tau-norm").DecouplingTau);
        Assert.Null(StrategyComposition.Parse("oversample").Decoupling);
    }

    [Fact]
    public void An_augmentation_strength_is_a_part_and_without_it_the_sweeps_shared_one_applies()
    {
        var medium = StrategyComposition.Parse("Oversample+aug=Medium");
        Assert.Equal(("oversample", "ce", "medium"), (medium.Sampling, medium.Loss, medium.Augmentation));
        Assert.EndsWith("; medium augmentation (rotation ±15°, shifts 10 %, shear 5°, zoom 15 %, brightness and contrast 20 %)", medium.Summary);
        Assert.Null(StrategyComposition.Parse("oversample").Augmentation);
    }

    [Fact]
    public void Unknown_parts_list_every_axis()
    {
        var error = Assert.Throws<ArgumentException>(() => StrategyComposition.Parse("smote"));
        Assert.Contains("sampling: oversample", error.Message);
        Assert.Contains("mixing: mixup, cutmix, remix", error.Message);
        Assert.Contains("schedule: drw, mix-off", error.Message);
        Assert.Contains("augmentation: aug=none|light|medium|strong", error.Message);
        Assert.Contains("second stage: crt, tau-norm", error.Message);
    }

    [Theory]
    [InlineData("ce")]
    [InlineData("oversample+logit-adjusted")]
    [InlineData("balanced+ce+mixup=0.4+cutmix=1+remix+drw=3+mix-off=2")]
    [InlineData("mixup+mix-off")]
    [InlineData("oversample+crt")]
    [InlineData("ce+crt=5")]
    [InlineData("ce+tau-norm")]
    [InlineData("ce+tau-norm=0.7")]
    [InlineData("oversample+ce+aug=strong")]
    [InlineData("balanced+ce+mixup=0.2+mix-off+aug=none")]
    public void Format_writes_what_parse_reads_back(string text)
    {
        var parsed = StrategyComposition.Parse(text);
        var again = StrategyComposition.Parse(StrategyComposition.Format(parsed));
        Assert.Equal(parsed with { Name = "", Summary = "" }, again with { Name = "", Summary = "" });
    }

    [Fact]
    public void A_recommendation_without_a_name_formats_as_its_parts()
    {
        var recommended = StrategyCatalog.FromRecommendation("balanced", "focal", 0.4);
        Assert.Equal("balanced+focal+mixup=0.4", StrategyComposition.Format(recommended));
    }

    [Fact]
    public void Schedules_must_fit_the_budget()
    {
        Assert.Null(StrategyComposition.Problem(StrategyComposition.Parse("ce+drw=9"), 10));
        Assert.Contains("starts re-weighting at epoch 10", StrategyComposition.Problem(StrategyComposition.Parse("ce+drw=10"), 10));
        Assert.Contains("never mixes", StrategyComposition.Problem(StrategyComposition.Parse("mixup+mix-off=5"), 5));
        Assert.Equal(3, StrategyComposition.DefaultMixOffEpochs(15));
        Assert.Equal(1, StrategyComposition.DefaultMixOffEpochs(3));
    }

    [Theory]
    [InlineData("balanced", "weighted-ce", false, true)]
    [InlineData("oversample", "class-balanced", false, true)]
    [InlineData("oversample", "logit-adjusted", false, true)]
    [InlineData("balanced", "ce", true, true)]
    [InlineData("balanced", "ce", false, false)]
    [InlineData("none", "weighted-ce", false, false)]
    [InlineData("rare-plus-slice", "ce", false, false)]
    public void Double_correction_is_rebalanced_batches_and_a_correcting_loss(string sampling, string loss, bool weighted, bool warns)
    {
        var warning = DoubleCorrection.Warning(sampling, loss, weighted);
        Assert.Equal(warns, warning is not null);
        if (warns) Assert.Contains("corrects the imbalance twice", warning);
    }
}
