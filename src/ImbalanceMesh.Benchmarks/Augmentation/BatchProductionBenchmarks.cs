using BenchmarkDotNet.Attributes;
using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Core.Mixing;
using ImbalanceMesh.Core.Randomness;
using ImbalanceMesh.Imaging.Augmentation;
using ImbalanceMesh.Imaging.Preprocessing;

namespace ImbalanceMesh.Benchmarks.Augmentation;

/// <summary>
/// One 64-image batch of 64×64 RGB on ONE core, the same steps as the service's BatchProducer: decoded source →
/// fused-affine augmentation (rotation, shift, shear, zoom, flip, brightness, contrast) → mixup → pack into the
/// binary batch format. Images/s per core = 64 / mean time. Compare with torchvision_batch.py (same operations on PIL
/// images) and with the memcpy ceiling (only moving the same bytes).
/// </summary>
[MemoryDiagnoser]
public class BatchProductionBenchmarks
{
    private static readonly AugmentationSettings Settings = new(RotationDegrees: 15, WidthShift: 0.1, HeightShift: 0.1,
        ShearDegrees: 5, Zoom: 0.15, HorizontalFlip: true, Brightness: 0.2, Contrast: 0.2);

    private readonly BatchShape _shape = new(3, BenchmarkImages.Size, BenchmarkImages.Size, 3, BatchPixelFormat.UInt8,
        [0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]);
    private SourceImage[] _sources = [];
    private byte[][] _sourceRgb = [];
    private ImageAugmenter _augmenter = null!;
    private byte[] _target = [];
    private int _batch;

    /// <summary>Constant is what torchvision's RandomAffine does on PIL images; reflect is this mesh's default.</summary>
    [Params(FillMode.Constant, FillMode.Reflect)]
    public FillMode Fill { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _sources = BenchmarkImages.Decoded(256);
        _sourceRgb = _sources.Select(_ => new byte[3 * BenchmarkImages.Size * BenchmarkImages.Size]).ToArray();
        _augmenter = new ImageAugmenter(Settings with { Fill = Fill }, BenchmarkImages.Size, 3);
        _target = new byte[BenchmarkImages.BatchSize * 3 * BenchmarkImages.Size * BenchmarkImages.Size];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _augmenter.Dispose();
        foreach (var s in _sources) s.Dispose();
    }

    [Benchmark(Description = "augment+mixup+pack, 64 images 64x64 RGB, 1 core")]
    public byte[] ProduceBatch()
    {
        var n = BenchmarkImages.BatchSize;
        var imageBytes = 3 * BenchmarkImages.Size * BenchmarkImages.Size;
        var pixels = new byte[n * imageBytes];
        var batch = _batch++;
        var labels = new int[n];
        var ids = new long[n];
        for (var i = 0; i < n; i++)
        {
            var source = (batch * n + i) % _sources.Length;
            _augmenter.Augment(_sources[source], 42, 0, (long)batch * n + i, pixels.AsSpan(i * imageBytes, imageBytes));
            labels[i] = source % 3;
            ids[i] = source;
        }
        var decisions = MixPlanner.Plan(new MixOptions(MixupAlpha: 0.2), n, BenchmarkImages.Size, BenchmarkImages.Size,
            SeedDerivation.CreateRandom(42, "mix", 0, batch));
        return BatchFormat.Write(BatchAssembler.Assemble(0, batch, _shape, pixels, labels, ids, decisions, 0));
    }

    [Benchmark(Description = "memcpy ceiling: copy the same 64 images into a batch buffer")]
    public byte[] MemcpyCeiling()
    {
        var imageBytes = _sourceRgb[0].Length;
        for (var i = 0; i < BenchmarkImages.BatchSize; i++)
            _sourceRgb[i].AsSpan().CopyTo(_target.AsSpan(i * imageBytes, imageBytes));
        return _target;
    }
}
