namespace ImbalanceMesh.Core.Randomness;

/// <summary>
/// The one rule by which every random choice in the mesh gets its generator: a 64-bit SplitMix64 hash of
/// (user seed, purpose, a, b) — for example (plan seed, "augment", epoch, sample slot). Same inputs give the same
/// stream on every machine and in every process, so any worker can redo any batch.
/// </summary>
public static class SeedDerivation
{
    public static ulong Derive(long seed, string purpose, long a = 0, long b = 0)
    {
        var h = Mix((ulong)seed);
        foreach (var c in purpose) h = Mix(h ^ c);
        h = Mix(h ^ (ulong)a);
        return Mix(h ^ (ulong)b);
    }

    /// <summary>A System.Random whose seeded algorithm is stable across .NET versions.</summary>
    public static Random CreateRandom(long seed, string purpose, long a = 0, long b = 0) =>
        new((int)(Derive(seed, purpose, a, b) & int.MaxValue));

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
