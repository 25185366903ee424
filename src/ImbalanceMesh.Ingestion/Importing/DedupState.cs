using ImbalanceMesh.Ingestion.Storage;

namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>
/// The sequential half of an import: which content is new, duplicate or conflicting. Every content already in the
/// base version or accepted so far is one entry of 32-byte hash → (class index, origin); the first file of a content
/// is looked up only when a conflict names it. Accepted samples go to the import's spill, not to memory.
/// </summary>
internal sealed class DedupState
{
    /// <summary>Origin &gt; 0: the id of a base version sample; &lt; 0: minus the spill row of this import's.</summary>
    private readonly record struct Known(int ClassIndex, long Origin);

    /// <summary>Presizing avoids the dictionary's doubling (old and new arrays at once) but not past this many entries.</summary>
    private const int MaxPresize = 1 << 24;

    private readonly Catalog _catalog;
    private readonly VersionRecord? _baseVersion;
    private readonly ImportSpill _spill;
    private readonly Dictionary<ContentHash, Known> _known;
    private readonly List<string> _classes = [];
    private readonly Dictionary<string, int> _classIndex = new(StringComparer.Ordinal);
    private readonly List<long> _classCounts = [];
    private readonly Dictionary<ContentHash, (List<string> Classes, List<string> Files)> _conflicts = [];
    private readonly List<Rejection> _rejected = [];
    private long _duplicates;

    public DedupState(Catalog catalog, VersionRecord? baseVersion, ImportSpill spill, long offered)
    {
        (_catalog, _baseVersion, _spill) = (catalog, baseVersion, spill);
        _known = new Dictionary<ContentHash, Known>((int)Math.Min((baseVersion?.Samples ?? 0) + offered, MaxPresize));
        if (baseVersion is null) return;
        foreach (var (id, hash, className) in catalog.EnumerateContents(baseVersion.Id))
            if (_known.TryAdd(ContentHash.Parse(hash), new Known(ClassIndex(className), id))) _classCounts[ClassIndex(className)]++;
    }

    public bool IsNew(ContentHash hash) => !_known.ContainsKey(hash);

    /// <param name="stored">Contents new to this dataset that are stored already (imported into another one), by hex hash.</param>
    public void Take(ProcessedItem result, IReadOnlySet<string> stored, PackWriter pack)
    {
        var (item, content) = (result.Item, result.Content);
        if (content is null)
        {
            _rejected.Add(new Rejection(item.Source, result.Rejection!));
            return;
        }
        var classIndex = ClassIndex(item.ClassName);
        if (!_known.TryGetValue(content.Hash, out var first))
        {
            var image = content.Image;
            var appended = stored.Contains(content.Hex) ? null : pack.Append(content.Original, image.Pixels);
            var row = _spill.Add(content.Hex, item.ClassName, image.Width, image.Height, image.Channels, content.Original.Length,
                image.Format, item.Source, appended);
            _known.Add(content.Hash, new Known(classIndex, -row));
            _classCounts[classIndex]++;
        }
        else if (first.ClassIndex == classIndex) _duplicates++;
        else
        {
            if (!_conflicts.TryGetValue(content.Hash, out var conflict))
                _conflicts[content.Hash] = conflict = ([_classes[first.ClassIndex]], [Source(first)]);
            if (!conflict.Classes.Contains(item.ClassName)) conflict.Classes.Add(item.ClassName);
            conflict.Files.Add(item.Source);
        }
    }

    public ImportOutcome Outcome(string dataset, int version, IReadOnlyList<string> notes)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (version > 0)
            for (var i = 0; i < _classes.Count; i++)
                if (_classCounts[i] > 0) counts[_classes[i]] = _classCounts[i];
        return new ImportOutcome(dataset, version, version > 0 ? _spill.Count : 0, _duplicates,
            version > 0 ? _baseVersion?.Samples ?? 0 : 0, _rejected,
            _conflicts.Select(c => new Conflict(c.Key.ToString(), c.Value.Classes, c.Value.Files)).ToList(), counts, notes);
    }

    private int ClassIndex(string className)
    {
        if (_classIndex.TryGetValue(className, out var index)) return index;
        _classIndex[className] = index = _classes.Count;
        _classes.Add(className);
        _classCounts.Add(0);
        return index;
    }

    /// <summary>The file the first copy of a content came from.</summary>
    private string Source(Known known) => known.Origin < 0
        ? _spill.Source((int)-known.Origin)
        : _catalog.Sample(_baseVersion!.Id, known.Origin)!.Source;
}
