using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Grpc;

namespace ImbalanceMesh.Evaluation.Scoring;

/// <summary>A dataset split as decoded HWC pixels, streamed from Ingestion (errors relayed as Ingestion's).</summary>
public sealed class SplitSamples(IngestionService.IngestionServiceClient ingestion)
{
    public const int SamplesPerChunk = 256;

    public async IAsyncEnumerable<SampleChunk> StreamAsync(DatasetRef dataset, Split split,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var call = ingestion.StreamSamples(new StreamSamplesRequest
        {
            Dataset = dataset, Split = split, Format = SampleFormat.Pixels, SamplesPerChunk = SamplesPerChunk,
        }, cancellationToken: ct);
        while (true)
        {
            try
            {
                if (!await call.ResponseStream.MoveNext(ct)) yield break;
            }
            catch (RpcException e)
            {
                throw UpstreamStatus.Relay("ingestion", e);
            }
            yield return call.ResponseStream.Current;
        }
    }

    public static string Describe(DatasetRef dataset, Split split) =>
        $"split {Name(split)} of dataset {(dataset.Version == 0 ? $"{dataset.Dataset} (latest version)" : $"{dataset.Dataset} v{dataset.Version}")}";

    public static string Name(Split split) => split switch
    {
        Split.Train => "train",
        Split.Val => "val",
        Split.Test => "test",
        _ => "all",
    };
}
