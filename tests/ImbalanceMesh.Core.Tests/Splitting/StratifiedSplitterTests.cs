using ImbalanceMesh.Core.Splitting;

namespace ImbalanceMesh.Core.Tests.Splitting;

public sealed class StratifiedSplitterTests
{
    private static (int Train, int Val, int Test) Counts(SplitName[] splits) =>
        (splits.Count(s => s == SplitName.Train), splits.Count(s => s == SplitName.Val), splits.Count(s => s == SplitName.Test));

    [Fact]
    public void Every_class_is_split_by_the_fractions()
    {
        var notes = new List<string>();
        Assert.Equal((320, 40, 40), Counts(StratifiedSplitter.SplitClass("a", 400, SplitFractions.Default, 7, notes)));
        Assert.Equal((96, 12, 12), Counts(StratifiedSplitter.SplitClass("b", 120, SplitFractions.Default, 7, notes)));
        Assert.Equal((24, 3, 3), Counts(StratifiedSplitter.SplitClass("c", 30, SplitFractions.Default, 7, notes)));
        Assert.Empty(notes);
    }

    [Fact]
    public void Same_seed_and_class_same_split_and_another_seed_or_class_differs()
    {
        var first = StratifiedSplitter.SplitClass("a", 200, SplitFractions.Default, 42, []);
        Assert.Equal(first, StratifiedSplitter.SplitClass("a", 200, SplitFractions.Default, 42, []));
        Assert.NotEqual(first, StratifiedSplitter.SplitClass("a", 200, SplitFractions.Default, 43, []));
        Assert.NotEqual(first, StratifiedSplitter.SplitClass("b", 200, SplitFractions.Default, 42, []));
    }

    [Fact]
    public void Test_only_split_puts_everything_in_test()
    {
        var notes = new List<string>();
        Assert.All(StratifiedSplitter.SplitClass("a", 10, new SplitFractions(0, 0, 1), 1, notes), s => Assert.Equal(SplitName.Test, s));
        Assert.Empty(notes);
    }

    [Fact]
    public void A_class_too_small_keeps_one_for_train_and_gives_up_val_first_with_a_note()
    {
        var fractions = new SplitFractions(0.4, 0.3, 0.3);
        var notes = new List<string>();
        StratifiedSplitter.SplitClass("big", 100, fractions, 5, notes);
        Assert.Equal((1, 0, 0), Counts(StratifiedSplitter.SplitClass("one", 1, fractions, 5, notes)));
        Assert.Equal((1, 0, 1), Counts(StratifiedSplitter.SplitClass("two", 2, fractions, 5, notes)));
        Assert.Contains(notes, n => n.StartsWith("Class 'one' has 1 sample(s)") && n.Contains("none in val and test"));
        Assert.Contains(notes, n => n.StartsWith("Class 'two' has 2 sample(s)") && n.Contains("none in val"));
        Assert.DoesNotContain(notes, n => n.Contains("'big'"));
    }

    [Theory]
    [InlineData(0.8, 0.1, 0.2)]
    [InlineData(-0.1, 0.6, 0.5)]
    [InlineData(double.NaN, 0.5, 0.5)]
    public void Invalid_fractions_are_refused_with_the_reason(double train, double val, double test)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            StratifiedSplitter.SplitClass("a", 3, new SplitFractions(train, val, test), 1, []));
        Assert.Contains("Split fractions", error.Message);
    }

    [Fact]
    public void Sizes_never_exceed_the_class_and_always_leave_train_one_when_train_is_wanted()
    {
        var fractions = new SplitFractions(0.1, 0.45, 0.45);
        for (var n = 1; n < 60; n++)
        {
            var (val, test) = StratifiedSplitter.Sizes(n, fractions);
            Assert.True(val >= 0 && test >= 0 && n - val - test >= 1, $"n={n}: val {val}, test {test}");
        }
    }
}
