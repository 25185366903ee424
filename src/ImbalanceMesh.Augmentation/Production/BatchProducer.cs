using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Core.Mixing;
using ImbalanceMesh.Core.Randomness;
using ImbalanceMesh.Imaging.Augmentation;
using ImbalanceMesh.Imaging.Preprocessing;

namespace ImbalanceMesh.Augmentation.Production;

/// <summary>
/// Makes batch k of epoch e of a plan: sampling slots → render each image (augmented, or the plain preprocessing) →
/// mix → pack. A pure function of (plan, e, k): images are augmented with SeedDerivation(seed, "augment", e, slot in
/// epoch) and the batch is mixed with SeedDerivation(seed, "mix", e, k), except in the plan's last off_last_epochs.
/// </summary>
public sealed class BatchProducer : IDisposable
{
    private readonly PlanRuntime _plan;
    private readonly ThreadLocal<ImageAugmenter>? _augmenter;
    private readonly ThreadLocal<ImageAugmenter> _copyAugmenter;
    private readonly ThreadLocal<ImagePreprocessor> _preprocessor;

    public BatchProducer(PlanRuntime plan)
    {
        _plan = plan;
        var (size, channels) = (plan.Shape.Height, plan.Shape.Channels);
        if (plan.Augmentation is { } settings)
            _augmenter = new ThreadLocal<ImageAugmenter>(() => new ImageAugmenter(settings, size, channels), trackAllValues: true);
        _copyAugmenter = new ThreadLocal<ImageAugmenter>(() => new ImageAugmenter(AugmentationSettings.LightCopies, size, channels), trackAllValues: true);
        _preprocessor = new ThreadLocal<ImagePreprocessor>(() => new ImagePreprocessor(size, channels), trackAllValues: true);
    }

    public MeshBatch Produce(int epoch, int index, CancellationToken ct)
    {
        var slots = _plan.Sampling.Batch(epoch, index).ToArray();
        var n = slots.Length;
        var shape = _plan.Shape;
        var imageBytes = shape.Channels * shape.Height * shape.Width;
        var pixels = new byte[n * imageBytes];
        var firstSlot = (long)index * _plan.Sampling.Options.BatchSize;
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var slot = slots[i];
            var source = _plan.Sources.Images[slot.Source];
            var destination = pixels.AsSpan(i * imageBytes, imageBytes);
            if (_plan.IsTraining && _augmenter is not null) _augmenter.Value!.Augment(source, _plan.Seed, epoch, firstSlot + i, destination);
            else if (_plan.IsTraining && slot.Augment) _copyAugmenter.Value!.Augment(source, _plan.Seed, epoch, firstSlot + i, destination);
            else _preprocessor.Value!.ToPlanes(source, destination);
        });
        var labels = slots.Select(s => _plan.Sources.Labels[s.Source]).ToArray();
        var decisions = _plan.IsTraining && _plan.Mix.MixesAt(epoch, _plan.Epochs)
            ? MixPlanner.Plan(_plan.Mix, n, shape.Height, shape.Width, SeedDerivation.CreateRandom(_plan.Seed, "mix", epoch, index))
            : Enumerable.Range(0, n).Select(MixDecision.Unmixed).ToArray();
        if (_plan.Mix.Remix) decisions = RemixLabels.Apply(decisions, labels, _plan.ClassCounts, _plan.Mix.RemixKappa, _plan.Mix.RemixTau);
        var ids = slots.Select(s => _plan.Sources.Ids[s.Source]).ToArray();
        return BatchAssembler.Assemble(epoch, index, shape, pixels, labels, ids, decisions, _plan.Mix.LabelSmoothing);
    }

    public byte[] ProduceBytes(int epoch, int index, CancellationToken ct) => BatchFormat.Write(Produce(epoch, index, ct));

    public void Dispose()
    {
        foreach (var a in _augmenter?.Values ?? []) a.Dispose();
        foreach (var a in _copyAugmenter.Values) a.Dispose();
        foreach (var p in _preprocessor.Values) p.Dispose();
        _augmenter?.Dispose();
        _copyAugmenter.Dispose();
        _preprocessor.Dispose();
    }
}
