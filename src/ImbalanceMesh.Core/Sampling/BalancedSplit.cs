namespace ImbalanceMesh.Core.Sampling;

/// <summary>
/// The nearest-to-equal split of a batch over K classes: every class gets ⌊B/K⌋ and r = B mod K classes get one
/// more. Which classes get the extra rotates with the batch index, so over K / gcd(K, r) batches every class has been
/// given the same number of samples.
/// </summary>
public static class BalancedSplit
{
    public static int[] Counts(int batchSize, int classCount, int batchIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        var counts = new int[classCount];
        Array.Fill(counts, batchSize / classCount);
        var extra = batchSize % classCount;
        for (var t = 0; t < extra; t++) counts[(int)(((long)batchIndex * extra + t) % classCount)]++;
        return counts;
    }
}
