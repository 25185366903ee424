using System.Security.Cryptography;
using ImbalanceMesh.Core.Splitting;
using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Ingestion.Configuration;
using ImbalanceMesh.Ingestion.Storage;
using ImbalanceMesh.Ingestion.Telemetry;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>
/// Runs one import: validates, decodes and hashes every file (in parallel blocks, results taken in input order so the
/// outcome is deterministic), de-duplicates against the latest version and within the import, appends each new
/// content (original bytes and decoded pixels) to this import's pack unless it is stored already, splits the new
/// samples and seals them with the latest version's samples as a new version. Rejections never stop the import;
/// cancellation or failure before the seal leaves no version and no pack behind.
/// </summary>
public sealed class Importer(Catalog catalog, PackStore packs, DatasetLocks locks, IOptions<IngestionOptions> options)
{
    private const int BlockSize = 256;
    private readonly ImageDecoder _decoder = new(options.Value.Limits);

    public async Task<ImportOutcome> RunAsync(ImportRequest request, IAsyncEnumerable<ImportItem> items, long total,
        Func<long, long, Task>? progress, CancellationToken cancellationToken)
    {
        using var activity = IngestionActivities.StartImport(request.Dataset);
        using var _ = await locks.AcquireAsync(request.Dataset, cancellationToken);
        var baseVersion = catalog.FindVersion(request.Dataset, 0);
        var state = new DedupState(baseVersion is null ? [] : catalog.Samples(baseVersion.Id, null));
        using var pack = packs.StartPack();

        long processed = 0;
        var block = new List<ImportItem>(BlockSize);
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            block.Add(item);
            if (block.Count < BlockSize) continue;
            processed += ProcessBlock(block, state, pack, cancellationToken);
            if (progress is not null) await progress(processed, total);
        }
        processed += ProcessBlock(block, state, pack, cancellationToken);
        if (progress is not null) await progress(processed, total);
        cancellationToken.ThrowIfCancellationRequested();

        if (state.Accepted.Count == 0)
            return state.Outcome(request.Dataset, 0, baseVersion, [], ["Nothing new was accepted, so no version was created."]);
        var split = StratifiedSplitter.Split(state.Accepted.Select(a => new SplitItem(a.Hash, a.ClassName)), request.Split, request.Seed);
        pack.Flush();
        // The splits travel beside the samples, not in a second copy of every sample (a million of them at 1M).
        var number = catalog.Seal(request.Dataset, request.Split, request.Seed, baseVersion, state.Accepted, split.Splits);
        pack.Keep();
        return state.Outcome(request.Dataset, number, baseVersion, state.Accepted, split.Notes);
    }

    private int ProcessBlock(List<ImportItem> block, DedupState state, PackWriter pack, CancellationToken cancellationToken)
    {
        var results = new Processed[block.Count];
        Parallel.For(0, block.Count, new ParallelOptions { CancellationToken = cancellationToken },
            i => results[i] = Process(block[i]));
        var stored = catalog.FindBlobs(results.Where(r => r.Content is not null && state.IsNew(r.Content.Hash))
            .Select(r => r.Content!.Hash).ToHashSet(StringComparer.Ordinal));
        foreach (var result in results) state.Take(result, stored, pack);
        var count = block.Count;
        block.Clear();
        return count;
    }

    private Processed Process(ImportItem item)
    {
        if (item.PreRejection is not null) return Processed.Rejected(item, item.PreRejection);
        if (item.KnownLength > _decoder.Limits.MaxBytes)
            return Processed.Rejected(item, $"{DecodeFailure.TooLarge.Code()}: {item.KnownLength:N0} bytes exceed the limit of {_decoder.Limits.MaxBytes:N0}");
        byte[] bytes;
        try
        {
            bytes = item.Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Processed.Rejected(item, $"{DecodeFailure.Unreadable.Code()}: the file cannot be read ({e.Message})");
        }
        var decoded = _decoder.Decode(bytes);
        if (decoded.Image is not { } image) return Processed.Rejected(item, decoded.Reason);
        return new Processed(item, new Content(Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes, image), null);
    }

    private sealed record Content(string Hash, byte[] Original, DecodedImage Image);

    private sealed record Processed(ImportItem Item, Content? Content, string? Rejection)
    {
        public static Processed Rejected(ImportItem item, string reason) => new(item, null, reason);
    }

    /// <summary>The sequential half of an import: which content is new, duplicate or conflicting.</summary>
    private sealed class DedupState
    {
        private readonly Dictionary<string, (string ClassName, string Source)> _known = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (List<string> Classes, List<string> Files)> _conflicts = new(StringComparer.Ordinal);
        private readonly List<Rejection> _rejected = [];
        private long _duplicates;

        public DedupState(IEnumerable<SampleRecord> existing)
        {
            foreach (var s in existing) _known.TryAdd(s.Hash, (s.ClassName, s.Source));
        }

        public List<NewSample> Accepted { get; } = [];

        public bool IsNew(string hash) => !_known.ContainsKey(hash);

        /// <param name="stored">Where contents new to this dataset are already stored (imported into another one).</param>
        public void Take(Processed result, IReadOnlyDictionary<string, BlobLocation> stored, PackWriter pack)
        {
            var (item, content) = (result.Item, result.Content);
            if (content is null)
            {
                _rejected.Add(new Rejection(item.Source, result.Rejection!));
                return;
            }
            if (!_known.TryGetValue(content.Hash, out var first))
            {
                _known[content.Hash] = (item.ClassName, item.Source);
                var image = content.Image;
                var location = stored.GetValueOrDefault(content.Hash) ?? pack.Append(content.Original, image.Pixels);
                Accepted.Add(new NewSample(content.Hash, item.ClassName, image.Width, image.Height,
                    image.Channels, content.Original.Length, image.Format, item.Source, location));
            }
            else if (first.ClassName == item.ClassName) _duplicates++;
            else
            {
                if (!_conflicts.TryGetValue(content.Hash, out var conflict))
                    _conflicts[content.Hash] = conflict = ([first.ClassName], [first.Source]);
                if (!conflict.Classes.Contains(item.ClassName)) conflict.Classes.Add(item.ClassName);
                conflict.Files.Add(item.Source);
            }
        }

        public ImportOutcome Outcome(string dataset, int version, VersionRecord? baseVersion, IReadOnlyList<NewSample> added,
            IReadOnlyList<string> notes)
        {
            var counts = version == 0
                ? new Dictionary<string, long>()
                : _known.Values.GroupBy(k => k.ClassName).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
            return new ImportOutcome(dataset, version, added.Count, _duplicates, version > 0 ? baseVersion?.Samples ?? 0 : 0,
                _rejected, _conflicts.Select(c => new Conflict(c.Key, c.Value.Classes, c.Value.Files)).ToList(), counts, notes);
        }
    }
}
