using ImbalanceMesh.Core.Splitting;

namespace ImbalanceMesh.Core.Tests.Splitting;

public sealed class StratifiedSplitterTests
{
    private static List<SplitItem> Items(params (string Class, int Count)[] classes) =>
        classes.SelectMany(c => Enumerable.Range(0, c.Count).Select(i => new SplitItem($"{c.Class}-{i:D5}", c.Class))).ToList();

    private static int Count(SplitAssignment a, IEnumerable<SplitItem> items, string cls, SplitName split) =>
        items.Count(i => i.ClassName == cls && a.Splits[i.Key] == split);

    [Fact]
    public void Every_class_is_split_by_the_fractions()
    {
        var items = Items(("a", 400), ("b", 120), ("c", 30));
        var a = StratifiedSplitter.Split(items, SplitFractions.Default, seed: 7);
        Assert.Equal((320, 40, 40), (Count(a, items, "a", SplitName.Train), Count(a, items, "a", SplitName.Val), Count(a, items, "a", SplitName.Test)));
        Assert.Equal((96, 12, 12), (Count(a, items, "b", SplitName.Train), Count(a, items, "b", SplitName.Val), Count(a, items, "b", SplitName.Test)));
        Assert.Equal((24, 3, 3), (Count(a, items, "c", SplitName.Train), Count(a, items, "c", SplitName.Val), Count(a, items, "c", SplitName.Test)));
        Assert.Empty(a.Notes);
    }

    [Fact]
    public void Same_seed_same_split_whatever_the_input_order_and_another_seed_differs()
    {
        var items = Items(("a", 200), ("b", 50));
        var first = StratifiedSplitter.Split(items, SplitFractions.Default, 42);
        var reversed = Enumerable.Reverse(items).ToList();
        var again = StratifiedSplitter.Split(reversed, SplitFractions.Default, 42);
        Assert.Equal(first.Splits.OrderBy(kv => kv.Key), again.Splits.OrderBy(kv => kv.Key));
        var other = StratifiedSplitter.Split(items, SplitFractions.Default, 43);
        Assert.NotEqual(first.Splits.OrderBy(kv => kv.Key), other.Splits.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Test_only_split_puts_everything_in_test()
    {
        var items = Items(("a", 10), ("b", 3));
        var a = StratifiedSplitter.Split(items, new SplitFractions(0, 0, 1), 1);
        Assert.All(a.Splits.Values, s => Assert.Equal(SplitName.Test, s));
        Assert.Empty(a.Notes);
    }

    [Fact]
    public void A_class_too_small_keeps_one_for_train_and_gives_up_val_first_with_a_note()
    {
        var items = Items(("big", 100), ("one", 1), ("two", 2));
        var a = StratifiedSplitter.Split(items, new SplitFractions(0.4, 0.3, 0.3), 5);
        Assert.Equal(1, Count(a, items, "one", SplitName.Train));
        Assert.Equal((1, 0, 1), (Count(a, items, "two", SplitName.Train), Count(a, items, "two", SplitName.Val), Count(a, items, "two", SplitName.Test)));
        Assert.Contains(a.Notes, n => n.StartsWith("Class 'one' has 1 sample(s)") && n.Contains("none in val and test"));
        Assert.Contains(a.Notes, n => n.StartsWith("Class 'two' has 2 sample(s)") && n.Contains("none in val"));
        Assert.DoesNotContain(a.Notes, n => n.Contains("'big'"));
    }

    [Theory]
    [InlineData(0.8, 0.1, 0.2)]
    [InlineData(-0.1, 0.6, 0.5)]
    [InlineData(double.NaN, 0.5, 0.5)]
    public void Invalid_fractions_are_refused_with_the_reason(double train, double val, double test)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            StratifiedSplitter.Split(Items(("a", 3)), new SplitFractions(train, val, test), 1));
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
