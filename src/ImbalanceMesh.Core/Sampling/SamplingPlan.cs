using System.Collections.Concurrent;

namespace ImbalanceMesh.Core.Sampling;

/// <summary>
/// Which source samples fill batch k of epoch e. A pure function of (labels, options, seed, e, k): the same inputs
/// give the same slots in every process. Sources are indices into the label list (the caller keeps the ids).
/// </summary>
public sealed class SamplingPlan
{
    private const int EpochsKept = 4;
    private readonly EpochSequences _sequences;
    private readonly IReadOnlyList<int> _labels;
    private readonly ConcurrentDictionary<int, SampleSlot[]> _recentEpochs = new();
    private readonly ConcurrentDictionary<int, bool> _epochRepeats = new();

    public SamplingPlan(IReadOnlyList<int> labels, int classCount, SamplingOptions options, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        if (labels.Count == 0) throw new ArgumentException("the source split has no samples", nameof(labels));
        if (options.MaxSamples < 0) throw new ArgumentOutOfRangeException(nameof(options), "max samples must be ≥ 0 (0 = all)");
        if (options.MaxSamples > 0 && options.Policy != SamplingPolicyKind.None)
            throw new ArgumentException("max samples applies only to the none policy", nameof(options));
        if (options.RareCopies < 1) throw new ArgumentOutOfRangeException(nameof(options), "rare copies must be at least 1");
        if (options.TargetRatio is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(options), "target ratio must be in (0, 1]");
        if (labels.Any(l => l < 0 || l >= classCount)) throw new ArgumentException("a label is outside 0..classCount-1", nameof(labels));
        if (options.Policy == SamplingPolicyKind.Weighted &&
            (options.ClassWeights is null || options.ClassWeights.Count != classCount || options.ClassWeights.Any(w => !(w >= 0)) || options.ClassWeights.Sum() <= 0))
            throw new ArgumentException($"weighted sampling needs {classCount} class weights ≥ 0, not all 0", nameof(options));

        Options = options;
        ClassCount = classCount;
        _labels = labels;
        var byClass = Enumerable.Range(0, classCount).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < labels.Count; i++) byClass[labels[i]].Add(i);
        ClassSizes = byClass.Select(c => c.Count).ToArray();
        RareClasses = options.RareClasses is { Count: > 0 } given ? given.Distinct().Order().ToArray() : BelowMedian(ClassSizes);
        var members = byClass.Select(c => c.ToArray()).ToArray();
        if (options.MaxSamples > 0) members = StratifiedSubset.Select(members, options.MaxSamples, seed);
        _sequences = new EpochSequences(members, options, seed);

        var natural = _sequences.NaturalLength(RareClasses);
        if (natural == 0) throw new ArgumentException("the sampling policy selects no samples", nameof(options));
        if (options.StepsPerEpoch > 0)
        {
            StepsPerEpoch = options.StepsPerEpoch;
            EpochLength = (long)StepsPerEpoch * options.BatchSize;
        }
        else if (options.DropLast || options.Policy == SamplingPolicyKind.Balanced)
        {
            StepsPerEpoch = options.DropLast ? natural / options.BatchSize : (natural + options.BatchSize - 1) / options.BatchSize;
            EpochLength = (long)StepsPerEpoch * options.BatchSize;
        }
        else
        {
            StepsPerEpoch = (natural + options.BatchSize - 1) / options.BatchSize;
            EpochLength = natural;
        }
        if (StepsPerEpoch == 0)
            throw new ArgumentException($"batch size {options.BatchSize} with drop_last leaves no full batch of the {natural} samples an epoch has", nameof(options));
        if (EpochLength > int.MaxValue) throw new ArgumentException("an epoch may hold at most 2^31 slots", nameof(options));
    }

    public SamplingOptions Options { get; }
    public int ClassCount { get; }
    public IReadOnlyList<int> ClassSizes { get; }
    public IReadOnlyList<int> RareClasses { get; }
    public int StepsPerEpoch { get; }
    /// <summary>Slots per epoch: StepsPerEpoch × BatchSize, less a last partial batch when one is kept.</summary>
    public long EpochLength { get; }

    public int BatchLength(int index) => (int)Math.Min(Options.BatchSize, EpochLength - (long)index * Options.BatchSize);

    public ReadOnlySpan<SampleSlot> Batch(int epoch, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (index < 0 || index >= StepsPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(index), $"batch index {index} is outside 0..{StepsPerEpoch - 1}");
        return Epoch(epoch).AsSpan(index * Options.BatchSize, BatchLength(index));
    }

    public SampleSlot[] Epoch(int epoch)
    {
        if (_recentEpochs.TryGetValue(epoch, out var cached)) return cached;
        var slots = _sequences.Build(epoch, (int)EpochLength, RareClasses);
        if (_recentEpochs.Count >= EpochsKept) _recentEpochs.Clear();
        _recentEpochs[epoch] = slots;
        return slots;
    }

    /// <summary>Whether the epoch shows some sample more than once (a slot marked as a copy).</summary>
    public bool RepeatsSamples(int epoch) => _epochRepeats.GetOrAdd(epoch, e => Epoch(e).Any(s => s.Augment));

    /// <summary>
    /// Images of each class among the epoch's slots (copies included): the class prior of the mix the model trains on,
    /// e.g. 1:1 for rare-plus-slice and balanced, the split's own for none.
    /// </summary>
    public long[] ClassCounts(int epoch)
    {
        var counts = new long[ClassCount];
        foreach (var slot in Epoch(epoch)) counts[_labels[slot.Source]]++;
        return counts;
    }

    private static int[] BelowMedian(IReadOnlyList<int> sizes)
    {
        var present = sizes.Where(s => s > 0).Order().ToArray();
        var median = present.Length % 2 == 1
            ? present[present.Length / 2]
            : (present[present.Length / 2 - 1] + present[present.Length / 2]) / 2.0;
        var rare = Enumerable.Range(0, sizes.Count).Where(c => sizes[c] > 0 && sizes[c] < median).ToArray();
        // With two classes, or ties at the median, "below the median" can be empty: then the smallest class is rare.
        return rare.Length > 0 ? rare : [Enumerable.Range(0, sizes.Count).Where(c => sizes[c] > 0).MinBy(c => sizes[c])];
    }
}
