using ImbalanceMesh.Core.Randomness;

namespace ImbalanceMesh.Core.Splitting;

/// <summary>One item to split: a stable key (the content hash) and its class.</summary>
public sealed record SplitItem(string Key, string ClassName);

/// <summary>The split of every item, keyed like the input, and notes on classes too small for the fractions.</summary>
public sealed record SplitAssignment(IReadOnlyDictionary<string, SplitName> Splits, IReadOnlyList<string> Notes);

/// <summary>
/// Stratified train/val/test split. Per class: the items are sorted by key (so the input order does not matter) and
/// shuffled with the RNG SeedDerivation.CreateRandom(seed, "split/" + class); the first n_val go to val, the next
/// n_test to test, the rest to train, where n_val = round(n·val) and n_test = round(n·test) (halves round up).
/// The small-class rule: when the train fraction is above 0, one item of every class is kept for train first — if
/// rounding would leave train empty, val gives up items first, then test. When a class ends with no items in a split
/// whose fraction is above 0, a note says so. Train fraction 0 (e.g. 0,0,1) makes no train items at all.
/// </summary>
public static class StratifiedSplitter
{
    public static SplitAssignment Split(IEnumerable<SplitItem> items, SplitFractions fractions, long seed)
    {
        if (fractions.Problem() is { } problem) throw new ArgumentException(problem, nameof(fractions));
        var splits = new Dictionary<string, SplitName>(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var group in items.GroupBy(i => i.ClassName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var keys = group.Select(i => i.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (keys.Length != group.Count())
                throw new ArgumentException($"Class '{group.Key}' has the same key twice; keys must be unique.", nameof(items));
            Shuffle(keys, SeedDerivation.CreateRandom(seed, "split/" + group.Key));
            var (val, test) = Sizes(keys.Length, fractions);
            for (var i = 0; i < keys.Length; i++)
                splits[keys[i]] = i < val ? SplitName.Val : i < val + test ? SplitName.Test : SplitName.Train;
            Note(notes, group.Key, keys.Length, fractions, val, test);
        }
        return new SplitAssignment(splits, notes);
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

    private static void Note(List<string> notes, string className, int n, SplitFractions fractions, int val, int test)
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

    private static void Shuffle(string[] keys, Random random)
    {
        for (var i = keys.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (keys[i], keys[j]) = (keys[j], keys[i]);
        }
    }
}
