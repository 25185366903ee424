extern alias ingestion;

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ImbalanceMesh.Core.Splitting;
using ingestion::ImbalanceMesh.Ingestion.Configuration;
using ingestion::ImbalanceMesh.Ingestion.Importing;
using ingestion::ImbalanceMesh.Ingestion.Sources;
using ingestion::ImbalanceMesh.Ingestion.Storage;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Benchmarks.Ingestion;

/// <summary>
/// One import of 100,000 28×28 PNGs, run once: its time, and the peak RSS (VmHWM) of the benchmark process, which
/// GlobalCleanup prints as "PEAK RSS ... MiB" (it includes the BenchmarkDotNet engine and the file list).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class LargeImportBenchmarks
{
    public const int Images = 100_000;

    private string _source = null!;
    private string _dataRoot = null!;

    [GlobalSetup]
    public void Setup()
    {
        _source = BenchmarkImages.WriteTree(Images, 28);
        _dataRoot = Path.Combine(Path.GetTempPath(), $"imesh-bench-data-{Guid.NewGuid():N}");
        GC.Collect();
        Console.WriteLine($"// RSS before the import: {BenchmarkImages.PeakRssMiB():0} MiB (peak so far, incl. generating the files)");
    }

    [Benchmark(OperationsPerInvoke = Images)]
    public long Import100k()
    {
        var options = Options.Create(new IngestionOptions { DataRoot = _dataRoot, AllowedRoots = [_source] });
        var importer = new Importer(new Catalog(options), new BlobStore(options), new DatasetLocks(), options);
        var items = FolderSource.Enumerate(_source, new PathGuard(options));
        var outcome = importer.RunAsync(new ImportRequest("large", SplitFractions.Default, 1), items.ToAsyncEnumerable(),
            items.Count, null, CancellationToken.None).GetAwaiter().GetResult();
        return outcome.Imported;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// PEAK RSS (VmHWM) after the 100k import: {BenchmarkImages.PeakRssMiB():0} MiB");
        Directory.Delete(_source, recursive: true);
        Directory.Delete(_dataRoot, recursive: true);
    }
}
