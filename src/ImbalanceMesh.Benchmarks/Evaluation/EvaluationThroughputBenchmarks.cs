extern alias evaluation;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Core.Metrics;
using ImbalanceMesh.Imaging.Preprocessing;
using ImbalanceMesh.Modeling.Checkpoints;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Runtime;
using evaluation::ImbalanceMesh.Evaluation.Scoring;
using static TorchSharp.torch;

namespace ImbalanceMesh.Benchmarks.Evaluation;

/// <summary>
/// Evaluation throughput against bare TorchSharp inference, same model, same weights, same batch, same images.
/// Bare: already-normalised NCHW floats in memory → tensor → forward → softmax → CPU floats, batch by batch.
/// Evaluation: the service's scoring path on the same images as HWC uint8 sample chunks (what Ingestion streams):
/// SplitScorer (training preprocessing + pixel normalisation on one thread, TrainedModel inference on the other) and
/// then every Core metric. Not included: the gRPC transport from Ingestion and writing the HTML/plots.
/// images/s = Images / mean time. Threads = 2 (the machine's cores).
/// </summary>
[MemoryDiagnoser(false)]
public class EvaluationThroughputBenchmarks
{
    private const int Classes = 3;
    private const int Channels = 3;
    private nn.Module<Tensor, Tensor> _bare = null!;
    private TrainedModel _model = null!;
    private float[] _normalized = null!;
    private SampleChunk[] _chunks = null!;
    private readonly SplitScorer _scorer = new();

    [Params(32, 64)]
    public int ImageSize { get; set; }

    [Params(256)]
    public int Batch { get; set; }

    [Params(2048)]
    public int Images { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureInitialized();
        TorchRuntime.SetThreads(2);
        manual_seed(1);
        var card = new ModelCard
        {
            Architecture = "cnn", Width = 16, Classes = { "a", "b", "c" }, ImageSize = ImageSize, Channels = Channels,
            Mean = { 0.5f, 0.5f, 0.5f }, Std = { 0.5f, 0.5f, 0.5f },
        };
        _bare = ModelFactory.Create(card.ToModelSpec());
        var weights = ModelSerializer.Save(_bare);
        _bare.eval();
        _model = TrainedModel.Load(weights, card, threads: 2);

        var random = new Random(7);
        var plane = ImageSize * ImageSize;
        var samples = Enumerable.Range(0, Images).Select(i =>
        {
            var hwc = new byte[plane * Channels];
            random.NextBytes(hwc);
            return new Sample { Id = i, ClassIndex = i % Classes, Width = ImageSize, Height = ImageSize, Channels = Channels, Data = ByteString.CopyFrom(hwc) };
        }).ToList();
        // the bare side gets the exact tensors evaluation would compute, prepared in advance
        _normalized = samples.SelectMany(s => PixelNormalization.Normalize(ImagePreprocessor.HwcToChw(s.Data.Span, Channels), Channels, plane, card.Mean, card.Std)).ToArray();
        _chunks = samples.Chunk(SplitSamples.SamplesPerChunk)
            .Select((chunk, i) => new SampleChunk { Samples = { chunk }, Classes = { i == 0 ? card.Classes : [] } }).ToArray();
    }

    [Benchmark(Baseline = true)]
    public float BareTorchSharpInference()
    {
        var length = Channels * ImageSize * ImageSize;
        var last = 0f;
        for (var start = 0; start < Images; start += Batch)
        {
            var n = Math.Min(Batch, Images - start);
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var input = tensor(_normalized.AsSpan(start * length, n * length).ToArray(), [n, Channels, ImageSize, ImageSize]);
            last = nn.functional.softmax(_bare.forward(input), 1).cpu().data<float>()[0];
        }
        return last;
    }

    [Benchmark]
    public async Task<double> EvaluationScoringAndMetrics()
    {
        var scored = await _scorer.ScoreAsync(_model, Stream(), "benchmark", Batch, CancellationToken.None);
        var report = ClassificationEvaluator.Evaluate(scored.Truth, new ScoreMatrix(scored.Probabilities, Classes), new MetricOptions());
        return report.BalancedAccuracy;
    }

    private async IAsyncEnumerable<SampleChunk> Stream()
    {
        foreach (var chunk in _chunks)
        {
            yield return chunk;
            await Task.Yield();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _model.Dispose();
    }
}
