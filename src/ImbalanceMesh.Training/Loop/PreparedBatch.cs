using System.Buffers;
using System.Runtime.InteropServices;
using ImbalanceMesh.Core.Batches;
using static TorchSharp.torch;

namespace ImbalanceMesh.Training.Loop;

/// <summary>
/// A decoded batch: the header fields plus pixels already normalised to float NCHW, in a buffer rented from the shared
/// pool (a batch is hundreds of kB; a fresh array per step kept the large-object heap busy). Dispose returns it.
/// </summary>
public sealed class PreparedBatch : IDisposable
{
    private float[]? _pixels;

    private PreparedBatch(MeshBatch batch, float[] pixels)
    {
        Batch = batch;
        _pixels = pixels;
    }

    public MeshBatch Batch { get; }

    public static PreparedBatch Decode(ReadOnlySpan<byte> data)
    {
        var batch = BatchFormat.Read(data);
        var pixels = ArrayPool<float>.Shared.Rent(batch.PixelValues);
        batch.NormalizedPixels(pixels);
        return new PreparedBatch(batch, pixels);
    }

    /// <summary>The pixels as a new [N, C, H, W] float tensor in libtorch's memory (the copy goes straight there).</summary>
    public Tensor Inputs()
    {
        var pixels = _pixels ?? throw new ObjectDisposedException(nameof(PreparedBatch));
        var inputs = empty([Batch.Count, Batch.Channels, Batch.Height, Batch.Width]);
        pixels.AsSpan(0, Batch.PixelValues).CopyTo(MemoryMarshal.Cast<byte, float>(inputs.bytes));
        return inputs;
    }

    public void Dispose()
    {
        if (_pixels is null) return;
        ArrayPool<float>.Shared.Return(_pixels);
        _pixels = null;
    }
}
