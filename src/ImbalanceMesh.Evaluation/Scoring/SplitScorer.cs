using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Models;
using ImbalanceMesh.Imaging.Preprocessing;
using ImbalanceMesh.Modeling.Checkpoints;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Evaluation.Scoring;

/// <summary>
/// Runs a model over a stream of sample chunks (a split from Ingestion): samples are prepared (the training
/// preprocessing + pixel normalisation) on one thread while the previous batch is inferred on another.
/// </summary>
public sealed class SplitScorer
{
    private const int BatchesAhead = 2;

    private sealed class PreparedBatch(float[] pixels, int[] truth)
    {
        public float[] Pixels => pixels;
        public int[] Truth => truth;
        public int Count { get; set; }
    }

    /// <param name="datasetLabel">How to name the dataset in errors.</param>
    public async Task<ScoredSplit> ScoreAsync(TrainedModel model, IAsyncEnumerable<SampleChunk> chunks, string datasetLabel, int batchSize,
        CancellationToken ct)
    {
        var batches = Channel.CreateBounded<PreparedBatch>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();
        var producer = Task.Run(() => ProduceAsync(model, chunks, datasetLabel, batchSize, batches.Writer, stop.Token), stop.Token);
        var truth = new List<int>();
        var probabilities = new List<float>();
        try
        {
            // One thread for every inference of the split: libtorch builds per-calling-thread state (an OpenMP team,
            // malloc arenas), so hopping between pool threads per batch costs throughput and memory.
            await Task.Factory.StartNew(() =>
            {
                while (batches.Reader.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult())
                {
                    while (batches.Reader.TryRead(out var batch))
                    {
                        try
                        {
                            probabilities.AddRange(model.PredictProbabilities(batch.Pixels.AsSpan(0, batch.Count * model.ImageLength), batch.Count));
                            truth.AddRange(batch.Truth.Take(batch.Count));
                        }
                        finally
                        {
                            ArrayPool<float>.Shared.Return(batch.Pixels);
                        }
                    }
                }
            }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch when (producer.IsFaulted)
        {
            // the producer's error is the one to report; awaited below
        }
        finally
        {
            await stop.CancelAsync();
        }
        await producer;
        if (truth.Count == 0)
            throw MeshException.Precondition($"{datasetLabel} has no samples; evaluate another split");
        return new ScoredSplit(truth.ToArray(), probabilities.ToArray(), truth.Count / clock.Elapsed.TotalSeconds);
    }

    private static async Task ProduceAsync(TrainedModel model, IAsyncEnumerable<SampleChunk> chunks, string datasetLabel, int batchSize,
        ChannelWriter<PreparedBatch> writer, CancellationToken ct)
    {
        try
        {
            var (mean, std) = ModelLoader.Normalization(model);
            using var preprocessor = new ImagePreprocessor(model.Spec.ImageSize, model.Spec.Channels);
            int[]? toModel = null;
            var batch = NewBatch(model, batchSize);
            await foreach (var chunk in chunks.WithCancellation(ct))
            {
                toModel ??= ClassAlignment.DatasetToModel(chunk.Classes, model.Card.Classes, datasetLabel);
                foreach (var sample in chunk.Samples)
                {
                    var pixels = preprocessor.ToTensor(sample.Width, sample.Height, sample.Channels, sample.Data.Span, mean, std);
                    pixels.CopyTo(batch.Pixels.AsSpan(batch.Count * model.ImageLength));
                    batch.Truth[batch.Count] = toModel[sample.ClassIndex];
                    batch.Count++;
                    if (batch.Count < batchSize) continue;
                    await writer.WriteAsync(batch, ct);
                    batch = NewBatch(model, batchSize);
                }
            }
            if (batch.Count > 0) await writer.WriteAsync(batch, ct);
            else ArrayPool<float>.Shared.Return(batch.Pixels);
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
            throw;
        }
    }

    private static PreparedBatch NewBatch(TrainedModel model, int batchSize) =>
        new(ArrayPool<float>.Shared.Rent(batchSize * model.ImageLength), new int[batchSize]);
}
