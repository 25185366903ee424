using ImbalanceMesh.Core.Randomness;

namespace ImbalanceMesh.Core.Sampling;

/// <summary>
/// The per-policy rules that turn (labels, seed, epoch) into the epoch's ordered slots. Each method returns exactly
/// <c>count</c> slots; when a policy's natural pass is shorter, further passes follow and are marked as copies.
/// </summary>
internal sealed class EpochSequences(int[][] byClass, SamplingOptions options, long seed)
{
    private int Total => byClass.Sum(c => c.Length);

    public int NaturalLength(IReadOnlyList<int> rareClasses) => options.Policy switch
    {
        SamplingPolicyKind.Oversample => byClass.Sum(c => OversampleTarget(c.Length)),
        SamplingPolicyKind.Undersample => byClass.Sum(c => Math.Min(c.Length, UndersampleCap())),
        SamplingPolicyKind.RarePlusSlice => RarePlusSliceLength(rareClasses),
        _ => Total,
    };

    public SampleSlot[] Build(int epoch, int count, IReadOnlyList<int> rareClasses) => options.Policy switch
    {
        SamplingPolicyKind.Weighted => Weighted(epoch, count),
        SamplingPolicyKind.Balanced => Balanced(epoch, count),
        SamplingPolicyKind.RarePlusSlice => RarePlusSlice(epoch, count, rareClasses),
        _ => Passes(epoch, count, pass => NaturalPass(epoch, pass)),
    };

    private SampleSlot[] NaturalPass(int epoch, int pass) => options.Policy switch
    {
        SamplingPolicyKind.Oversample => Oversample(epoch, pass),
        SamplingPolicyKind.Undersample => Undersample(epoch, pass),
        _ => All(epoch, pass),
    };

    private static SampleSlot[] Passes(int epoch, int count, Func<int, SampleSlot[]> pass)
    {
        var result = new List<SampleSlot>(count);
        for (var p = 0; result.Count < count; p++)
        {
            var slots = pass(p);
            if (slots.Length == 0) throw new InvalidOperationException($"the sampling policy selects no samples in epoch {epoch}");
            // A second pass over the same samples within one epoch repeats them: mark those as copies to augment.
            result.AddRange(p == 0 ? slots : slots.Select(s => s with { Augment = true }));
        }
        return result.GetRange(0, count).ToArray();
    }

    private SampleSlot[] All(int epoch, int pass)
    {
        var slots = byClass.SelectMany(c => c).Select(i => new SampleSlot(i, false)).ToArray();
        Shuffle.InPlace<SampleSlot>(slots, SeedDerivation.CreateRandom(seed, "sampling-none", epoch, pass));
        return slots;
    }

    private int OversampleTarget(int classSize)
    {
        var largest = byClass.Max(c => c.Length);
        return classSize == 0 ? 0 : Math.Max(classSize, (int)Math.Ceiling(options.TargetRatio * largest - 1e-9));
    }

    private SampleSlot[] Oversample(int epoch, int pass)
    {
        var slots = new List<SampleSlot>();
        for (var c = 0; c < byClass.Length; c++)
        {
            var members = byClass[c];
            slots.AddRange(members.Select(i => new SampleSlot(i, false)));
            var copies = OversampleTarget(members.Length) - members.Length;
            slots.AddRange(Cycle(members, copies, SeedDerivation.CreateRandom(seed, "oversample-copies", epoch, Key(c, pass)))
                .Select(i => new SampleSlot(i, true)));
        }
        return Shuffled(slots, "oversample-order", epoch, pass);
    }

    private int UndersampleCap()
    {
        var smallest = byClass.Where(c => c.Length > 0).Min(c => c.Length);
        return (int)Math.Ceiling(smallest / options.TargetRatio - 1e-9);
    }

    private SampleSlot[] Undersample(int epoch, int pass)
    {
        var cap = UndersampleCap();
        var slots = new List<SampleSlot>();
        for (var c = 0; c < byClass.Length; c++)
        {
            var fresh = Shuffle.Permutation(byClass[c], SeedDerivation.CreateRandom(seed, "undersample-subset", epoch, Key(c, pass)));
            slots.AddRange(fresh.Take(cap).Select(i => new SampleSlot(i, false)));
        }
        return Shuffled(slots, "undersample-order", epoch, pass);
    }

    /// <summary>Rare copies per pass (every rare image RareCopies times) plus a common slice of the same size.</summary>
    private int RarePlusSliceLength(IReadOnlyList<int> rareClasses)
    {
        var rare = (long)rareClasses.Sum(c => byClass[c].Length) * options.RareCopies;
        var pool = Total - rareClasses.Sum(c => byClass[c].Length);
        return (int)Math.Min(int.MaxValue, rare + Math.Min(rare, pool));
    }

    /// <summary>
    /// Passes of rare copies + a common slice. Slice q of the plan (q = epoch × passes per epoch + pass) is the q-th
    /// run of sliceSize samples along the common pool walked in an endless sequence of fresh permutations, so no common
    /// sample comes back — in a later pass or a later epoch — before the whole pool has been used.
    /// </summary>
    private SampleSlot[] RarePlusSlice(int epoch, int count, IReadOnlyList<int> rareClasses)
    {
        var rare = rareClasses.SelectMany(c => byClass[c]).ToArray();
        var pool = Enumerable.Range(0, byClass.Length).Except(rareClasses).SelectMany(c => byClass[c]).Order().ToArray();
        var rareSlots = (long)rare.Length * options.RareCopies;
        var sliceSize = (int)Math.Min(rareSlots, pool.Length);
        var passLength = rareSlots + sliceSize;
        var passes = (int)((count + passLength - 1) / passLength);
        var walk = new PoolWalk(pool, seed);
        var result = new List<SampleSlot>(count);
        for (var pass = 0; result.Count < count; pass++)
        {
            var slots = new List<SampleSlot>((int)passLength);
            for (var copy = 0; copy < options.RareCopies; copy++) slots.AddRange(rare.Select(i => new SampleSlot(i, true)));
            var first = ((long)epoch * passes + pass) * sliceSize;
            for (var i = 0; i < sliceSize; i++) slots.Add(new SampleSlot(walk.At(first + i), false));
            result.AddRange(Shuffled(slots, "rare-plus-slice-order", epoch, pass));
        }
        return result.GetRange(0, count).ToArray();
    }

    private SampleSlot[] Weighted(int epoch, int count)
    {
        var weights = options.ClassWeights ?? throw new InvalidOperationException("weighted sampling needs class weights");
        var members = byClass.SelectMany((m, c) => m.Select(i => (Index: i, Weight: weights[c]))).ToArray();
        var cumulative = new double[members.Length];
        var running = 0.0;
        for (var i = 0; i < members.Length; i++) cumulative[i] = running += members[i].Weight;
        var rng = SeedDerivation.CreateRandom(seed, "weighted-draw", epoch);
        var seen = new HashSet<int>();
        var slots = new SampleSlot[count];
        for (var s = 0; s < count; s++)
        {
            var at = Array.BinarySearch(cumulative, rng.NextDouble() * running);
            var pick = members[Math.Min(at < 0 ? ~at : at, members.Length - 1)].Index;
            slots[s] = new SampleSlot(pick, !seen.Add(pick));
        }
        return slots;
    }

    private SampleSlot[] Balanced(int epoch, int count)
    {
        var present = Enumerable.Range(0, byClass.Length).Where(c => byClass[c].Length > 0).ToArray();
        var streams = present.ToDictionary(c => c, c => new ClassStream(byClass[c], seed, epoch, c));
        var slots = new List<SampleSlot>(count);
        for (var batch = 0; slots.Count < count; batch++)
        {
            var size = Math.Min(options.BatchSize, count - slots.Count);
            var batchSlots = BalancedSplit.Counts(size, present.Length, batch)
                .SelectMany((n, i) => Enumerable.Range(0, n).Select(_ => streams[present[i]].Next()))
                .ToArray();
            Shuffle.InPlace<SampleSlot>(batchSlots, SeedDerivation.CreateRandom(seed, "balanced-order", epoch, batch));
            slots.AddRange(batchSlots);
        }
        return slots.ToArray();
    }

    private SampleSlot[] Shuffled(List<SampleSlot> slots, string purpose, int epoch, int pass)
    {
        var array = slots.ToArray();
        Shuffle.InPlace<SampleSlot>(array, SeedDerivation.CreateRandom(seed, purpose, epoch, pass));
        return array;
    }

    private static IEnumerable<int> Cycle(int[] members, int count, Random rng)
    {
        var order = Array.Empty<int>();
        for (var i = 0; i < count; i++)
        {
            if (i % members.Length == 0) order = Shuffle.Permutation(members, rng);
            yield return order[i % members.Length];
        }
    }

    private static long Key(int classIndex, int pass) => ((long)classIndex << 32) | (uint)pass;

    /// <summary>The common pool as one endless walk: position t is element t mod n of the (t / n)-th fresh permutation.</summary>
    private sealed class PoolWalk(int[] pool, long seed)
    {
        private long _cycle = -1;
        private int[] _order = [];

        public int At(long position)
        {
            var cycle = position / pool.Length;
            if (cycle != _cycle)
                (_order, _cycle) = (Shuffle.Permutation(pool, SeedDerivation.CreateRandom(seed, "rare-plus-slice-pool", cycle)), cycle);
            return _order[(int)(position % pool.Length)];
        }
    }

    /// <summary>One class's samples in a fresh order per epoch; wrapping round yields copies to augment.</summary>
    private sealed class ClassStream(int[] members, long seed, int epoch, int classIndex)
    {
        private int[] _order = [];
        private int _taken;

        public SampleSlot Next()
        {
            var cycle = _taken / members.Length;
            if (_taken % members.Length == 0)
                _order = Shuffle.Permutation(members, SeedDerivation.CreateRandom(seed, "balanced-class", epoch, Key(classIndex, cycle)));
            var slot = new SampleSlot(_order[_taken % members.Length], cycle > 0);
            _taken++;
            return slot;
        }
    }
}
