extern alias ingestion;

using BenchmarkDotNet.Attributes;
using ImbalanceMesh.Core.Splitting;
using ingestion::ImbalanceMesh.Ingestion.Configuration;
using ingestion::ImbalanceMesh.Ingestion.Importing;
using ingestion::ImbalanceMesh.Ingestion.Sources;
using ingestion::ImbalanceMesh.Ingestion.Storage;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Benchmarks.Ingestion;

/// <summary>
/// A whole folder import as the service runs it — enumerate, read, validate (header + full SkiaSharp decode), SHA-256,
/// write content-addressed blobs, de-duplicate, split, seal in SQLite — into a fresh data root each time.
/// Reported time is per image (OperationsPerInvoke = Images): images/s = 1 s / mean.
/// </summary>
[MemoryDiagnoser(false)]
public class ImportBenchmarks
{
    private string _source = null!;
    private string _dataRoot = null!;
    private Importer _importer = null!;
    private PathGuard _guard = null!;
    private int _run;

    [Params(32, 64)]
    public int Size { get; set; }

    public const int Images = 5000;

    [GlobalSetup]
    public void Setup() => _source = BenchmarkImages.WriteTree(Images, Size);

    [IterationSetup]
    public void FreshDataRoot()
    {
        _dataRoot = Path.Combine(Path.GetTempPath(), $"imesh-bench-data-{Guid.NewGuid():N}");
        var options = Options.Create(new IngestionOptions { DataRoot = _dataRoot, AllowedRoots = [_source] });
        _importer = new Importer(new Catalog(options), new BlobStore(options), new DatasetLocks(), options);
        _guard = new PathGuard(options);
    }

    [Benchmark(OperationsPerInvoke = Images)]
    public long ImportFolder()
    {
        var items = FolderSource.Enumerate(_source, _guard);
        var outcome = _importer.RunAsync(new ImportRequest($"bench{_run++}", SplitFractions.Default, 1),
            items.ToAsyncEnumerable(), items.Count, null, CancellationToken.None).GetAwaiter().GetResult();
        if (outcome.Imported != Images) throw new InvalidOperationException($"imported {outcome.Imported} of {Images}");
        return outcome.Imported;
    }

    [IterationCleanup]
    public void DropDataRoot() => Directory.Delete(_dataRoot, recursive: true);

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_source, recursive: true);
}
