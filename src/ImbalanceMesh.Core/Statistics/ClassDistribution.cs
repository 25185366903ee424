namespace ImbalanceMesh.Core.Statistics;

/// <summary>How many samples one class has.</summary>
public sealed record ClassCount(string Name, long Count);

/// <summary>
/// The class counts of one split of a dataset version, with the measures derived from them. Classes are kept in
/// ordinal name order, which is also their class index everywhere in the mesh. A class with zero samples stays in the
/// list (its share is 0) but takes no part in the imbalance ratio, the minority/majority sets or the weights.
/// </summary>
public sealed class ClassDistribution
{
    public ClassDistribution(IEnumerable<ClassCount> counts)
    {
        Classes = counts.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        if (Classes.Any(c => c.Count < 0)) throw new ArgumentException("A class count cannot be negative.", nameof(counts));
        if (Classes.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != Classes.Count)
            throw new ArgumentException("Class names must be unique.", nameof(counts));
        Total = Classes.Sum(c => c.Count);
        Present = Classes.Where(c => c.Count > 0).ToList();
    }

    public static ClassDistribution FromCounts(IReadOnlyDictionary<string, long> counts) =>
        new(counts.Select(kv => new ClassCount(kv.Key, kv.Value)));

    public IReadOnlyList<ClassCount> Classes { get; }

    /// <summary>The classes that have at least one sample.</summary>
    public IReadOnlyList<ClassCount> Present { get; }

    public long Total { get; }

    public double Share(ClassCount c) => Total == 0 ? 0 : (double)c.Count / Total;

    public long MaxCount => Present.Count == 0 ? 0 : Present.Max(c => c.Count);

    public long MinCount => Present.Count == 0 ? 0 : Present.Min(c => c.Count);

    /// <summary>Largest over smallest non-zero class count; 1 for a single class, 0 when there are no samples.</summary>
    public double ImbalanceRatio => Present.Count == 0 ? 0 : (double)MaxCount / MinCount;

    /// <summary>The classes that share the smallest non-zero count.</summary>
    public IReadOnlyList<string> MinorityClasses => Present.Where(c => c.Count == MinCount).Select(c => c.Name).ToList();

    /// <summary>The classes that share the largest count.</summary>
    public IReadOnlyList<string> MajorityClasses => Present.Where(c => c.Count == MaxCount).Select(c => c.Name).ToList();
}
