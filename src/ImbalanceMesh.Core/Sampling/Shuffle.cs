namespace ImbalanceMesh.Core.Sampling;

internal static class Shuffle
{
    /// <summary>Fisher–Yates in place.</summary>
    public static void InPlace<T>(Span<T> items, Random rng)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    public static int[] Permutation(IReadOnlyList<int> items, Random rng)
    {
        var copy = items.ToArray();
        InPlace<int>(copy, rng);
        return copy;
    }
}
