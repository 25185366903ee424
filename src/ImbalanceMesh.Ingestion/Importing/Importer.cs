using ImbalanceMesh.Core.Splitting;
using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Imaging.Preprocessing;
using ImbalanceMesh.Ingestion.Configuration;
using ImbalanceMesh.Ingestion.Storage;
using ImbalanceMesh.Ingestion.Telemetry;
using ImbalanceMesh.ServiceDefaults.Errors;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>
/// Runs one import: validates, decodes (and, when the request resizes, resizes) and hashes every file (in parallel
/// blocks, results taken in input order so the outcome is deterministic), de-duplicates against the latest version
/// and within the import, appends each new content (original bytes and decoded pixels) to this import's pack unless
/// it is stored already, spills each new sample to the import's scratch file, splits them and seals them on top of
/// the latest version as a new version.
/// What stays in memory per sample is its 32-byte hash, class and origin (<see cref="DedupState"/>) and, for the split,
/// a few bytes. Rejections never stop the import; cancellation or failure before the seal leaves no version, no pack
/// and no scratch file behind.
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
        if (baseVersion is not null && baseVersion.Resize != request.Resize) throw ResizeMismatch(baseVersion, request.Resize);
        using var spill = catalog.StartSpill();
        var state = new DedupState(catalog, baseVersion, spill, total);
        using var pack = packs.StartPack();

        long processed = 0;
        var block = new List<ImportItem>(BlockSize);
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            block.Add(item);
            if (block.Count < BlockSize) continue;
            processed += ProcessBlock(block, request.Resize, state, pack, cancellationToken);
            if (progress is not null) await progress(processed, total);
        }
        processed += ProcessBlock(block, request.Resize, state, pack, cancellationToken);
        if (progress is not null) await progress(processed, total);
        cancellationToken.ThrowIfCancellationRequested();

        if (spill.Count == 0)
            return state.Outcome(request.Dataset, 0, ["Nothing new was accepted, so no version was created."]);
        var notes = Split(spill, request);
        pack.Flush();
        var number = catalog.Seal(request.Dataset, request.Split, request.Seed, request.Resize, baseVersion, spill, pack.Name);
        pack.Keep();
        return state.Outcome(request.Dataset, number, notes);
    }

    /// <summary>Gives every spilled sample its split (StratifiedSplitter: per class, in the order of the hashes).</summary>
    private static List<string> Split(ImportSpill spill, ImportRequest request)
    {
        var notes = new List<string>();
        var splits = new SplitName[spill.Count + 1];
        foreach (var (className, rows) in spill.RowsByClassInHashOrder().OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var classSplits = StratifiedSplitter.SplitClass(className, rows.Count, request.Split, request.Seed, notes);
            for (var i = 0; i < rows.Count; i++) splits[rows[i]] = classSplits[i];
        }
        spill.SetSplits(splits);
        return notes;
    }

    /// <summary>
    /// One dataset, one resize: a version's samples are all stored at its resize (and hashed alike), so a duplicate is
    /// found whichever import it came in and the version's recorded resize describes every sample.
    /// </summary>
    private static MeshException ResizeMismatch(VersionRecord baseVersion, int resize)
    {
        static string Describe(int r) => r == 0 ? "at their imported size (no --resize)" : $"resized to {r}×{r} (--resize {r})";
        return MeshException.Precondition($"{baseVersion.Dataset} v{baseVersion.Number} stores its images {Describe(baseVersion.Resize)}; " +
            $"this import asks for them {Describe(resize)}. Import with {(baseVersion.Resize == 0 ? "no --resize" : $"--resize {baseVersion.Resize}")}, " +
            "or into a new dataset name.");
    }

    private int ProcessBlock(List<ImportItem> block, int resize, DedupState state, PackWriter pack, CancellationToken cancellationToken)
    {
        var results = new ProcessedItem[block.Count];
        Parallel.For(0, block.Count, new ParallelOptions { CancellationToken = cancellationToken },
            i => results[i] = Process(block[i], resize));
        var stored = catalog.StoredBlobs(results.Where(r => r.Content is not null && state.IsNew(r.Content.Hash))
            .Select(r => r.Content!.Hex).ToHashSet(StringComparer.Ordinal));
        foreach (var result in results) state.Take(result, stored, pack);
        var count = block.Count;
        block.Clear();
        return count;
    }

    /// <summary>
    /// Resized contents are hashed by their stored pixels, not the file: the hash names the pack entry every dataset
    /// shares, and a file's pixels differ per resize; two files that are the same image at this size are one sample.
    /// </summary>
    private ProcessedItem Process(ImportItem item, int resize)
    {
        if (item.PreRejection is not null) return ProcessedItem.Rejected(item, item.PreRejection);
        if (item.KnownLength > _decoder.Limits.MaxBytes)
            return ProcessedItem.Rejected(item, $"{DecodeFailure.TooLarge.Code()}: {item.KnownLength:N0} bytes exceed the limit of {_decoder.Limits.MaxBytes:N0}");
        byte[] bytes;
        try
        {
            bytes = item.Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ProcessedItem.Rejected(item, $"{DecodeFailure.Unreadable.Code()}: the file cannot be read ({e.Message})");
        }
        var decoded = _decoder.Decode(bytes);
        if (decoded.Image is not { } image) return ProcessedItem.Rejected(item, decoded.Reason);
        if (resize > 0) image = CenterCropResize.Apply(image, resize);
        var hash = ContentHash.Of(resize > 0 ? image.Pixels : bytes);
        return new ProcessedItem(item, new ProcessedContent(hash, hash.ToString(), bytes, image), null);
    }
}
