using ImbalanceMesh.Core.Strategies;

namespace ImbalanceMesh.Core.Tests.Strategies;

public sealed class StrategyCatalogTests
{
    [Fact]
    public void Catalog_names_the_sweep_strategies_once_each_baseline_first()
    {
        string[] expected = ["ce", "weighted-ce", "oversample", "balanced", "focal", "class-balanced",
            "logit-adjusted", "ldam-drw", "oversample+mixup+mix-off", "oversample+remix+mix-off", "oversample+crt", "ce+tau-norm"];
        Assert.Equal(expected, StrategyCatalog.All.Select(s => s.Name));
        Assert.Equal(StrategyCatalog.Baseline, StrategyCatalog.All[0].Name);
    }

    [Fact]
    public void Every_mixing_entry_of_the_default_sweep_mixes_rebalanced_batches_and_stops_mixing_at_the_end()
    {
        // Plain mixup on natural batches scored below ce on long-tailed digits (docs/BENCHMARKS.md): usable by name only.
        Assert.DoesNotContain("mixup", StrategyCatalog.Names);
        var mixup = StrategyCatalog.Get("mixup");
        Assert.Equal(("none", 0.2), (mixup.Sampling, mixup.MixupAlpha));
        var mixing = StrategyCatalog.All.Where(s => s.Mixes).ToList();
        Assert.NotEmpty(mixing);
        Assert.All(mixing, s => Assert.True(s.Sampling != "none" && s.MixOffLastEpochs is not null, s.Name));
    }

    [Fact]
    public void Unknown_strategy_names_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => StrategyCatalog.Get("smote"));
        Assert.Contains("ldam-drw", error.Message);
    }

    [Fact]
    public void Recommendation_maps_to_the_matching_catalog_entry_or_a_custom_one()
    {
        Assert.Equal("balanced", StrategyCatalog.FromRecommendation("balanced", "ce", 0).Name);
        Assert.Equal("oversample", StrategyCatalog.FromRecommendation("oversample", "ce", 0).Name);
        // oversample+mixup+mix-off also stops mixing: not what a bare mixup recommendation says.
        Assert.Equal("recommended", StrategyCatalog.FromRecommendation("oversample", "ce", 0.2).Name);
        Assert.Equal("ldam-drw", StrategyCatalog.FromRecommendation("none", "ldam-drw", 0).Name);
        var custom = StrategyCatalog.FromRecommendation("balanced", "focal", 0.2);
        Assert.Equal("recommended", custom.Name);
        Assert.Equal(("balanced", "focal", 0.2), (custom.Sampling, custom.Loss, custom.MixupAlpha));
    }

    [Fact]
    public void A_recommended_augmentation_stronger_than_the_sweeps_is_part_of_the_strategy()
    {
        var strong = StrategyCatalog.FromRecommendation("oversample", "ce", 0, "strong");
        Assert.Equal(("recommended", "strong", "oversample+ce+aug=strong"), (strong.Name, strong.Augmentation, StrategyComposition.Format(strong)));
        Assert.EndsWith(", strong augmentation", strong.Summary);
        Assert.Equal("oversample", StrategyCatalog.FromRecommendation("oversample", "ce", 0, StrategyCatalog.SharedAugmentation).Name);
        Assert.Null(StrategyCatalog.FromRecommendation("oversample", "ce", 0, "").Augmentation);
    }
}
