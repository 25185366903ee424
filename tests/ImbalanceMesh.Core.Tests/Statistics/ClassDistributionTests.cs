using ImbalanceMesh.Core.Statistics;

namespace ImbalanceMesh.Core.Tests.Statistics;

public sealed class ClassDistributionTests
{
    [Fact]
    public void Shares_ratio_minority_and_majority()
    {
        var d = ClassDistribution.FromCounts(new Dictionary<string, long> { ["star"] = 30, ["circle"] = 400, ["square"] = 120, ["ring"] = 30 });
        Assert.Equal(["circle", "ring", "square", "star"], d.Classes.Select(c => c.Name));
        Assert.Equal(580, d.Total);
        Assert.Equal(400.0 / 580, d.Share(d.Classes[0]), 12);
        Assert.Equal(400.0 / 30, d.ImbalanceRatio, 12);
        Assert.Equal(["ring", "star"], d.MinorityClasses);
        Assert.Equal(["circle"], d.MajorityClasses);
    }

    [Fact]
    public void Empty_classes_stay_listed_but_do_not_make_the_ratio_infinite()
    {
        var d = ClassDistribution.FromCounts(new Dictionary<string, long> { ["a"] = 10, ["b"] = 0, ["c"] = 5 });
        Assert.Equal(3, d.Classes.Count);
        Assert.Equal(2.0, d.ImbalanceRatio);
        Assert.Equal(["c"], d.MinorityClasses);
    }

    [Fact]
    public void No_samples_gives_ratio_zero_and_negative_counts_are_refused()
    {
        Assert.Equal(0, ClassDistribution.FromCounts(new Dictionary<string, long> { ["a"] = 0 }).ImbalanceRatio);
        Assert.Throws<ArgumentException>(() => ClassDistribution.FromCounts(new Dictionary<string, long> { ["a"] = -1 }));
    }
}
