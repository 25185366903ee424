using TorchSharp;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Runtime;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Checkpoints;

/// <summary>
/// A checkpoint ready for inference: load(checkpoint bytes, model card) → class probabilities for a batch of
/// already-normalised float pixels in NCHW layout (normalise with the card's mean/std through the shared batch
/// preprocessing first).
/// </summary>
public sealed class TrainedModel : IDisposable
{
    private const int ChunkSize = 256;
    private readonly nn.Module<Tensor, Tensor> model;

    private TrainedModel(ModelCard card, ModelSpec spec, nn.Module<Tensor, Tensor> model, Device device)
    {
        Card = card;
        Spec = spec;
        this.model = model;
        Device = device;
    }

    public ModelCard Card { get; }
    public ModelSpec Spec { get; }
    public Device Device { get; }
    public int Classes => Spec.Classes;

    /// <summary>Floats per image: channels × size × size.</summary>
    public int ImageLength => Spec.Channels * Spec.ImageSize * Spec.ImageSize;

    public static TrainedModel Load(byte[] checkpoint, ModelCard card, DevicePreference device = DevicePreference.Auto, int threads = 0)
    {
        var spec = card.ToModelSpec();
        if (spec.Validate() is { } problem) throw new InvalidDataException($"model card is not usable: {problem}");
        TorchRuntime.SetThreads(threads);
        var target = TorchRuntime.SelectDevice(device);
        using var fence = TorchGcFence.Enter();
        var model = ModelFactory.Create(spec);
        ModelSerializer.Load(model, checkpoint);
        model.to(target);
        model.eval();
        return new TrainedModel(card, spec, model, target);
    }

    /// <summary>Row-major [count, Classes] softmax probabilities for count images of ImageLength floats each.</summary>
    public float[] PredictProbabilities(ReadOnlySpan<float> nchw, int count)
    {
        if (count < 0 || nchw.Length != (long)count * ImageLength)
            throw new ArgumentException(
                $"expected {count} × {Spec.Channels}×{Spec.ImageSize}×{Spec.ImageSize} = {(long)count * ImageLength} floats, got {nchw.Length}");
        var result = new float[count * Classes];
        for (var start = 0; start < count; start += ChunkSize)
        {
            var n = Math.Min(ChunkSize, count - start);
            using var fence = TorchGcFence.Enter();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var input = tensor(nchw.Slice(start * ImageLength, n * ImageLength).ToArray(),
                [n, Spec.Channels, Spec.ImageSize, Spec.ImageSize]).to(Device);
            var probabilities = nn.functional.softmax(model.forward(input), 1).cpu();
            probabilities.data<float>().CopyTo(result.AsSpan(start * Classes, n * Classes));
        }
        return result;
    }

    public void Dispose() => model.Dispose();
}
