using Grpc.Core;
using ImbalanceMesh.Contracts.V1;

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
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(ct)) yield return chunk;
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
