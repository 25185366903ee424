using ImbalanceMesh.Core.Mixing;

namespace ImbalanceMesh.Core.Batches;

/// <summary>Image geometry and output format of every batch of a plan.</summary>
public sealed record BatchShape(int Channels, int Height, int Width, int ClassCount, BatchPixelFormat PixelFormat, float[] Mean, float[] Std);

/// <summary>
/// Turns rendered (augmented or preprocessed) uint8 NCHW images into a <see cref="MeshBatch"/>: mix decisions are
/// applied to the pixels, soft labels and λ are derived from them, and pixels are normalised when the format is float16.
/// </summary>
public static class BatchAssembler
{
    public static MeshBatch Assemble(int epoch, int index, BatchShape shape, byte[] nchw, int[] labels, long[] sampleIds,
        MixDecision[] decisions, double labelSmoothing)
    {
        var mixed = decisions.Any(d => d.Kind != MixKind.None)
            ? PixelMixer.Apply(nchw, shape.Channels, shape.Height, shape.Width, decisions)
            : nchw;
        var pixels = shape.PixelFormat == BatchPixelFormat.Float16
            ? PixelNormalization.ToFloat16(PixelNormalization.Normalize(mixed, shape.Channels, shape.Height * shape.Width, shape.Mean, shape.Std))
            : mixed;
        return new MeshBatch(epoch, index, labels.Length, shape.Channels, shape.Height, shape.Width, shape.ClassCount,
            shape.PixelFormat, shape.Mean, shape.Std, pixels,
            SoftLabels.Build(labels, decisions, shape.ClassCount, labelSmoothing),
            labels, sampleIds, decisions.Select(d => (float)d.Lambda).ToArray());
    }
}
