using System.Security.Cryptography;
using ImbalanceMesh.Core.Splitting;
using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Ingestion.Configuration;
using ImbalanceMesh.Ingestion.Storage;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>
/// Runs one import: validates, hashes and stores every file (in parallel blocks, results taken in input order so the
/// outcome is deterministic), de-duplicates against the latest version and within the import, splits the new samples
/// and seals them with the latest version's samples as a new version. Rejections never stop the import; cancellation
/// before the seal leaves no version behind (only unreferenced blobs).
/// </summary>
public sealed class Importer(Catalog catalog, BlobStore blobs, DatasetLocks locks, IOptions<IngestionOptions> options)
{
    private const int BlockSize = 256;
    private readonly ImageDecoder _decoder = new(options.Value.Limits);

    public async Task<ImportOutcome> RunAsync(ImportRequest request, IAsyncEnumerable<ImportItem> items, long total,
        Func<long, long, Task>? progress, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(request.Dataset, cancellationToken);
        var baseVersion = catalog.FindVersion(request.Dataset, 0);
        var state = new DedupState(baseVersion is null ? [] : catalog.Samples(baseVersion.Id, null));

        long processed = 0;
        var block = new List<ImportItem>(BlockSize);
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            block.Add(item);
            if (block.Count < BlockSize) continue;
            processed += ProcessBlock(block, state, cancellationToken);
            if (progress is not null) await progress(processed, total);
        }
        processed += ProcessBlock(block, state, cancellationToken);
        if (progress is not null) await progress(processed, total);
        cancellationToken.ThrowIfCancellationRequested();

        if (state.Accepted.Count == 0)
            return state.Outcome(request.Dataset, 0, baseVersion, [], ["Nothing new was accepted, so no version was created."]);
        var split = StratifiedSplitter.Split(state.Accepted.Select(a => new SplitItem(a.Hash, a.ClassName)), request.Split, request.Seed);
        var added = state.Accepted.Select(a => a with { Split = split.Splits[a.Hash] }).ToList();
        var number = catalog.Seal(request.Dataset, request.Split, request.Seed, baseVersion, added);
        return state.Outcome(request.Dataset, number, baseVersion, added, split.Notes);
    }

    private int ProcessBlock(List<ImportItem> block, DedupState state, CancellationToken cancellationToken)
    {
        var results = new Processed[block.Count];
        Parallel.For(0, block.Count, new ParallelOptions { CancellationToken = cancellationToken },
            i => results[i] = Process(block[i]));
        foreach (var result in results) state.Take(result);
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
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        blobs.Put(hash, bytes);
        return new Processed(item, new NewSample(hash, item.ClassName, SplitName.Train, image.Width, image.Height,
            image.Channels, bytes.Length, image.Format, item.Source), null);
    }

    private sealed record Processed(ImportItem Item, NewSample? Sample, string? Rejection)
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

        public void Take(Processed result)
        {
            if (result.Sample is not { } sample)
            {
                _rejected.Add(new Rejection(result.Item.Source, result.Rejection!));
                return;
            }
            if (!_known.TryGetValue(sample.Hash, out var first))
            {
                _known[sample.Hash] = (sample.ClassName, sample.Source);
                Accepted.Add(sample);
            }
            else if (first.ClassName == sample.ClassName) _duplicates++;
            else
            {
                if (!_conflicts.TryGetValue(sample.Hash, out var conflict))
                    _conflicts[sample.Hash] = conflict = ([first.ClassName], [first.Source]);
                if (!conflict.Classes.Contains(sample.ClassName)) conflict.Classes.Add(sample.ClassName);
                conflict.Files.Add(sample.Source);
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
