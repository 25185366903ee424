using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Ingestion.Configuration;
using ImbalanceMesh.Ingestion.Importing;
using ImbalanceMesh.Ingestion.Reading;
using ImbalanceMesh.Ingestion.Reporting;
using ImbalanceMesh.Ingestion.Sources;
using ImbalanceMesh.Ingestion.Storage;
using ImbalanceMesh.Ingestion.Telemetry;
using ImbalanceMesh.ServiceDefaults.Errors;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Ingestion.Grpc;

/// <summary>imbalancemesh.v1.IngestionService RPC handlers.</summary>
public sealed class IngestionGrpcService(Importer importer, Catalog catalog, PathGuard guard, SampleReader reader,
    SampleIndexStreamer index, IngestionMetrics metrics, IOptions<IngestionOptions> options) : IngestionService.IngestionServiceBase
{
    /// <summary>Sample ids one StreamSamples request may name: a bounded request, and a bounded SQL parameter.</summary>
    public const int MaxSampleIds = 65_536;

    public override async Task ImportFolder(ImportFolderRequest request, IServerStreamWriter<ImportEvent> responseStream,
        ServerCallContext context)
    {
        var import = ImportRequests.From(request.Options);
        var items = FolderSource.Enumerate(guard.Check(request.Path), guard);
        await StreamImportAsync(import, items, items.Count, responseStream, context);
    }

    public override async Task ImportIdx(ImportIdxRequest request, IServerStreamWriter<ImportEvent> responseStream,
        ServerCallContext context)
    {
        var import = ImportRequests.From(request.Options);
        var (items, count, _) = IdxSource.Read(guard.Check(request.ImagesPath), guard.Check(request.LabelsPath), CheckedNames(request.ClassNames), guard.Roots);
        await StreamImportAsync(import, items, count, responseStream, context);
    }

    public override async Task ImportCifar(ImportCifarRequest request, IServerStreamWriter<ImportEvent> responseStream,
        ServerCallContext context)
    {
        var import = ImportRequests.From(request.Options);
        bool? cifar100 = request.Kind switch
        {
            CifarKind._10 => false,
            CifarKind._100 => true,
            _ => null,
        };
        var paths = request.Paths.Select(guard.Check).ToList();
        var (items, _) = CifarSource.Read(paths, cifar100, CheckedNames(request.ClassNames), request.UseCoarseLabels, guard.Roots);
        await StreamImportAsync(import, items, items.Count, responseStream, context);
    }

    public override async Task<ImportResult> Upload(IAsyncStreamReader<UploadChunk> requestStream, ServerCallContext context)
    {
        var upload = new UploadReader(requestStream, options.Value.MaxFileBytes);
        var import = ImportRequests.From(await upload.ReadHeaderAsync(context.CancellationToken));
        var outcome = await importer.RunAsync(import, upload.ReadFilesAsync(context.CancellationToken), 0, null,
            context.CancellationToken);
        metrics.ImportFinished(outcome);
        return WireMapping.ToWire(outcome);
    }

    public override Task<ListDatasetsResponse> ListDatasets(ListDatasetsRequest request, ServerCallContext context) =>
        Task.FromResult(WireMapping.ToWire(catalog.ListVersions()));

    public override Task<DatasetStatistics> GetStatistics(StatisticsRequest request, ServerCallContext context)
    {
        var version = FindVersion(request.Dataset);
        return Task.FromResult(StatisticsReport.Build(version, catalog.Counts(version.Id), request));
    }

    public override async Task StreamSamples(StreamSamplesRequest request, IServerStreamWriter<SampleChunk> responseStream,
        ServerCallContext context)
    {
        var version = FindVersion(request.Dataset);
        IEnumerable<SampleRecord> samples;
        long total;
        if (request.SampleIds.Count > MaxSampleIds)
            throw MeshException.Invalid($"{request.SampleIds.Count:N0} sample_ids in one request; at most {MaxSampleIds:N0} are allowed: split the request.");
        if (request.SampleIds.Count > 0)
        {
            var named = catalog.SamplesById(version.Id, request.SampleIds);
            var missing = request.SampleIds.Except(named.Select(s => s.Id)).Take(5).ToList();
            if (missing.Count > 0)
                throw MeshException.NotFound($"{version.Dataset} v{version.Number} has no sample with id {string.Join(", ", missing)}.");
            (samples, total) = (named, named.Count);
        }
        else
        {
            var split = request.Split == Split.Unspecified ? (Core.Splitting.SplitName?)null : (Core.Splitting.SplitName)request.Split;
            (samples, total) = (catalog.EnumerateSamples(version.Id, split), catalog.CountSamples(version.Id, split));
        }
        await reader.StreamAsync(version, samples, total, request.Format, request.SamplesPerChunk,
            chunk => responseStream.WriteAsync(chunk, context.CancellationToken), context.CancellationToken);
    }

    public override async Task StreamSampleIndex(SampleIndexRequest request, IServerStreamWriter<SampleIndexChunk> responseStream,
        ServerCallContext context)
    {
        var version = FindVersion(request.Dataset);
        var split = request.Split == Split.Unspecified ? (Core.Splitting.SplitName?)null : (Core.Splitting.SplitName)request.Split;
        await index.StreamAsync(version, split, chunk => responseStream.WriteAsync(chunk, context.CancellationToken), context.CancellationToken);
    }

    public override Task<Sample> GetSample(GetSampleRequest request, ServerCallContext context)
    {
        var version = FindVersion(request.Dataset);
        var sample = catalog.Sample(version.Id, request.SampleId)
            ?? throw MeshException.NotFound($"{version.Dataset} v{version.Number} has no sample with id {request.SampleId}.");
        return Task.FromResult(reader.ToWire(version, sample, request.Format));
    }

    private async Task StreamImportAsync(ImportRequest import, IEnumerable<ImportItem> items, long total,
        IServerStreamWriter<ImportEvent> responseStream, ServerCallContext context)
    {
        var outcome = await importer.RunAsync(import, items.ToAsyncEnumerable(), total,
            (processed, total) => responseStream.WriteAsync(
                new ImportEvent { Progress = new ImportProgress { Processed = processed, Total = total } }, context.CancellationToken),
            context.CancellationToken);
        metrics.ImportFinished(outcome);
        await responseStream.WriteAsync(new ImportEvent { Result = WireMapping.ToWire(outcome) }, context.CancellationToken);
    }

    private Storage.VersionRecord FindVersion(DatasetRef? reference)
    {
        if (reference is null || string.IsNullOrEmpty(reference.Dataset))
            throw MeshException.Invalid("A dataset name is required.");
        if (reference.Version < 0) throw MeshException.Invalid($"Version {reference.Version} is not valid; use 0 for the latest.");
        return catalog.FindVersion(reference.Dataset, reference.Version)
            ?? throw MeshException.NotFound(reference.Version == 0
                ? $"Dataset '{reference.Dataset}' has no sealed version; import something into it first (imesh ingest ...)."
                : $"Dataset '{reference.Dataset}' has no version {reference.Version}; `imesh datasets` lists the versions.");
    }

    private static IReadOnlyList<string> CheckedNames(IReadOnlyList<string> names)
    {
        if (names.FirstOrDefault(n => ClassNames.Problem(n) is not null) is { } bad)
            throw MeshException.Invalid(ClassNames.Problem(bad)!);
        if (names.Distinct().Count() != names.Count) throw MeshException.Invalid("Class names must be unique.");
        return names;
    }
}
