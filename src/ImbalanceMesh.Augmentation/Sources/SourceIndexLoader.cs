using Grpc.Core;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Augmentation.Sources;

/// <summary>Pulls a split's ids and labels from Ingestion.StreamSampleIndex (no pixels).</summary>
public sealed class SourceIndexLoader(IngestionService.IngestionServiceClient ingestion, IngestionRetry retry)
{
    public Task<SourceIndex> LoadAsync(SourceKey key, CancellationToken cancellationToken) =>
        retry.RunAsync($"the index of {key.Dataset} v{key.Version} {key.Split}", ct => ReadAsync(key, ct), cancellationToken);

    private async Task<SourceIndex> ReadAsync(SourceKey key, CancellationToken cancellationToken)
    {
        using var call = ingestion.StreamSampleIndex(new SampleIndexRequest
        {
            Dataset = new DatasetRef { Dataset = key.Dataset, Version = key.Version },
            Split = key.Split,
        }, cancellationToken: cancellationToken);
        List<long>? ids = null;
        List<int>? labels = null;
        SampleIndexChunk? first = null;
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (first is null)
            {
                first = chunk;
                var total = (int)Math.Min(chunk.Total, int.MaxValue);
                (ids, labels) = (new List<long>(total), new List<int>(total));
            }
            ids!.AddRange(chunk.Ids);
            labels!.AddRange(chunk.ClassIndices);
        }
        if (first is null) throw new RpcException(new Status(StatusCode.DataLoss, "ingestion: the sample index stream was empty"));
        return new SourceIndex(first.Classes.ToList(), ids!.ToArray(), labels!.ToArray(), Math.Max(1, first.Channels), first.MaxPixelBytes);
    }
}
