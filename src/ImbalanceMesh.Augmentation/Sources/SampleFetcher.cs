using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Augmentation.Sources;

/// <summary>
/// The decoded pixels of exactly the samples a batch uses: those in the <see cref="PixelCache"/> from there, the rest
/// in one StreamSamples call by id (retried when Ingestion goes away mid-read), then kept in the cache.
/// </summary>
public sealed class SampleFetcher(IngestionService.IngestionServiceClient ingestion, PixelCache cache, IngestionRetry retry)
{
    /// <returns>One entry per id, in the order given (repeated ids share one entry).</returns>
    public async Task<SourcePixels[]> GetAsync(SourceKey source, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var result = new SourcePixels[ids.Count];
        var missing = new HashSet<long>();
        for (var i = 0; i < ids.Count; i++)
            if (cache.Find(new SampleKey(source.Dataset, ids[i])) is { } cached) result[i] = cached;
            else missing.Add(ids[i]);
        if (missing.Count == 0) return result;

        var fetched = await retry.RunAsync($"{missing.Count} samples of {source.Dataset} v{source.Version}",
            ct => FetchAsync(source, missing, ct), cancellationToken);
        foreach (var (id, pixels) in fetched) cache.Add(new SampleKey(source.Dataset, id), pixels);
        for (var i = 0; i < ids.Count; i++)
            result[i] ??= fetched.TryGetValue(ids[i], out var pixels)
                ? pixels
                : throw MeshException.DataLoss($"ingestion did not return sample {ids[i]} of {source.Dataset} v{source.Version}.");
        return result;
    }

    private async Task<Dictionary<long, SourcePixels>> FetchAsync(SourceKey source, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        using var call = ingestion.StreamSamples(new StreamSamplesRequest
        {
            Dataset = new DatasetRef { Dataset = source.Dataset, Version = source.Version },
            SampleIds = { ids },
            Format = SampleFormat.Pixels,
        }, cancellationToken: cancellationToken);
        var fetched = new Dictionary<long, SourcePixels>(ids.Count);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
            foreach (var s in chunk.Samples)
                fetched[s.Id] = new SourcePixels(s.Width, s.Height, s.Channels, s.Data.Memory);
        return fetched;
    }
}
