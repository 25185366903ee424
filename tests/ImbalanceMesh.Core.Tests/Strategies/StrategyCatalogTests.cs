using ImbalanceMesh.Core.Strategies;

namespace ImbalanceMesh.Core.Tests.Strategies;

public sealed class StrategyCatalogTests
{
    [Fact]
    public void Catalog_names_the_nine_sweep_strategies_once_each_baseline_first()
    {
        string[] expected = ["ce", "weighted-ce", "oversample", "balanced", "mixup", "focal", "class-balanced",
            "logit-adjusted", "ldam-drw"];
        Assert.Equal(expected, StrategyCatalog.All.Select(s => s.Name));
        Assert.Equal(StrategyCatalog.Baseline, StrategyCatalog.All[0].Name);
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
        Assert.Equal("ldam-drw", StrategyCatalog.FromRecommendation("none", "ldam-drw", 0).Name);
        var custom = StrategyCatalog.FromRecommendation("balanced", "focal", 0.2);
        Assert.Equal("recommended", custom.Name);
        Assert.Equal(("balanced", "focal", 0.2), (custom.Sampling, custom.Loss, custom.MixupAlpha));
    }
}
