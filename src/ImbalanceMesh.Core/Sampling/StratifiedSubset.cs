using ImbalanceMesh.Core.Randomness;

namespace ImbalanceMesh.Core.Sampling;

/// <summary>
/// At most <c>cap</c> samples drawn per class in proportion to the class sizes (largest remainders get the rounding),
/// every class with samples keeping at least one while the cap allows; which ones is a seeded random choice
/// ("stratified-subset", class), the same on every call. A capped validation split keeps the split's class mix, so its
/// balanced accuracy estimates the full split's, at a fraction of the cost.
/// </summary>
public static class StratifiedSubset
{
    public static int[][] Select(int[][] byClass, int cap, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cap);
        var total = byClass.Sum(c => (long)c.Length);
        if (total <= cap) return byClass;
        var present = Enumerable.Range(0, byClass.Length).Where(c => byClass[c].Length > 0).ToArray();
        var floor = present.Length <= cap ? 1 : 0;
        var quota = new int[byClass.Length];
        var remainders = new double[byClass.Length];
        foreach (var c in present)
        {
            var exact = (double)cap * byClass[c].Length / total;
            quota[c] = Math.Max(floor, (int)Math.Floor(exact));
            remainders[c] = exact - Math.Floor(exact);
        }
        // Hand out what the floors left (or take back what the at-least-one rule overspent), largest remainder first.
        var order = present.OrderByDescending(c => remainders[c]).ThenBy(c => c).ToArray();
        for (var i = 0; quota.Sum() < cap; i = (i + 1) % order.Length)
            if (quota[order[i]] < byClass[order[i]].Length) quota[order[i]]++;
        for (var i = order.Length - 1; quota.Sum() > cap; i = (i + order.Length - 1) % order.Length)
            if (quota[order[i]] > 1) quota[order[i]]--;
        return byClass.Select((members, c) => quota[c] == members.Length
            ? members
            : Shuffle.Permutation(members, SeedDerivation.CreateRandom(seed, "stratified-subset", c)).Take(quota[c]).Order().ToArray()).ToArray();
    }
}
