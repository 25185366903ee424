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
/// Reported time is per image (OperationsPerInvoke = Images): images/s = 1 s / mean. Each iteration also prints the
/// process CPU time per image, which does not depend on what else runs on the machine.
/// </summary>
[MemoryDiagnoser(false)]
public class ImportBenchmarks
{
    private string _source = null!;
    private string _dataRoot = null!;
    private Importer _importer = null!;
    private PathGuard _guard = null!;
    private int _run;
    private TimeSpan _cpuAtStart;

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
        var catalog = new Catalog(options);
        _importer = new Importer(catalog, new PackStore(catalog, options), new DatasetLocks(), options);
        _guard = new PathGuard(options);
        _cpuAtStart = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    }

    [Benchmark(OperationsPerInvoke = Images)]
    public long ImportFolder()
    {
        var items = FolderSource.Enumerate(_source, _guard);
        var outcome = _importer.RunAsync(new ImportRequest($"bench{_run++}", SplitFractions.Default, 1, 0),
            items.ToAsyncEnumerable(), items.Count, null, CancellationToken.None).GetAwaiter().GetResult();
        if (outcome.Imported != Images) throw new InvalidOperationException($"imported {outcome.Imported} of {Images}");
        return outcome.Imported;
    }

    [IterationCleanup]
    public void DropDataRoot()
    {
        // CPU time is what the import costs whatever else runs on the machine: images/s on c free cores ≈ c / cpu-per-image.
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        Console.WriteLine($"// CPU per image: {cpu.TotalMicroseconds / Images:0} µs (user+sys, all threads)");
        Directory.Delete(_dataRoot, recursive: true);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_source, recursive: true);
}
