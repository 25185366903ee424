using ImbalanceMesh.Core.Randomness;

namespace ImbalanceMesh.Core.Splitting;

/// <summary>
/// Stratified train/val/test split. Per class: the items are sorted by key (the content hash, so the input order does
/// not matter) and shuffled with the RNG SeedDerivation.CreateRandom(seed, "split/" + class); the first n_val go to val, the next
/// n_test to test, the rest to train, where n_val = round(n·val) and n_test = round(n·test) (halves round up).
/// The small-class rule: when the train fraction is above 0, one item of every class is kept for train first — if
/// rounding would leave train empty, val gives up items first, then test. When a class ends with no items in a split
/// whose fraction is above 0, a note says so. Train fraction 0 (e.g. 0,0,1) makes no train items at all.
/// </summary>
public static class StratifiedSplitter
{
    /// <summary>
    /// One class whose n items the caller holds sorted by key (ordinal): the split of the item at each sorted position;
    /// a note is added to notes when the class is too small. Only n is needed, not the keys, so a million items are
    /// split without a million keys in memory.
    /// </summary>
    public static SplitName[] SplitClass(string className, int n, SplitFractions fractions, long seed, ICollection<string> notes)
    {
        if (fractions.Problem() is { } problem) throw new ArgumentException(problem, nameof(fractions));
        var positions = new int[n];
        for (var i = 0; i < n; i++) positions[i] = i;
        Shuffle(positions, SeedDerivation.CreateRandom(seed, "split/" + className));
        var (val, test) = Sizes(n, fractions);
        var splits = new SplitName[n];
        for (var i = 0; i < n; i++)
            splits[positions[i]] = i < val ? SplitName.Val : i < val + test ? SplitName.Test : SplitName.Train;
        Note(notes, className, n, fractions, val, test);
        return splits;
    }

    /// <summary>How many of n items go to val and to test (train takes the rest).</summary>
    public static (int Val, int Test) Sizes(int n, SplitFractions fractions)
    {
        var val = (int)Math.Round(n * fractions.Val, MidpointRounding.AwayFromZero);
        var test = (int)Math.Round(n * fractions.Test, MidpointRounding.AwayFromZero);
        var reserved = fractions.Train > 0 ? 1 : 0;
        var excess = val + test + reserved - n;
        if (excess > 0)
        {
            var fromVal = Math.Min(val, excess);
            val -= fromVal;
            test -= excess - fromVal;
        }
        return (val, Math.Max(test, 0));
    }

    private static void Note(ICollection<string> notes, string className, int n, SplitFractions fractions, int val, int test)
    {
        var train = n - val - test;
        var empty = new List<string>();
        if (fractions.Train > 0 && train == 0) empty.Add("train");
        if (fractions.Val > 0 && val == 0) empty.Add("val");
        if (fractions.Test > 0 && test == 0) empty.Add("test");
        if (empty.Count > 0)
            notes.Add($"Class '{className}' has {n} sample(s), too few for the fractions: none in {string.Join(" and ", empty)} " +
                $"(train {train}, val {val}, test {test}).");
    }

    private static void Shuffle(int[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
