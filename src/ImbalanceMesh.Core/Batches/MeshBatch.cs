namespace ImbalanceMesh.Core.Batches;

/// <summary>
/// One training batch as stored in the cache (layout: docs/BATCH_FORMAT.md).
/// Pixels are NCHW: <see cref="BatchPixelFormat.UInt8"/> one byte per value, Float16 two bytes (little-endian).
/// SoftLabels is N×K row-major; Labels is the class of each sample's own image (before mixing).
/// </summary>
public sealed record MeshBatch(
    int Epoch,
    int Index,
    int Count,
    int Channels,
    int Height,
    int Width,
    int ClassCount,
    BatchPixelFormat PixelFormat,
    float[] Mean,
    float[] Std,
    byte[] Pixels,
    float[] SoftLabels,
    int[] Labels,
    long[] SampleIds,
    float[] Lambdas)
{
    public int ImageValues => Channels * Height * Width;

    public int BytesPerValue => PixelFormat == BatchPixelFormat.Float16 ? 2 : 1;

    /// <summary>Count × ImageValues: the length of the normalised pixels.</summary>
    public int PixelValues => Count * ImageValues;

    /// <summary>Pixels as normalised float NCHW, whichever format is stored.</summary>
    public float[] NormalizedPixels()
    {
        var values = new float[PixelValues];
        NormalizedPixels(values);
        return values;
    }

    /// <summary>Writes the normalised float NCHW pixels to the first <see cref="PixelValues"/> of destination.</summary>
    public void NormalizedPixels(Span<float> destination)
    {
        if (PixelFormat == BatchPixelFormat.Float16) PixelNormalization.FromFloat16(Pixels, destination);
        else PixelNormalization.Normalize(Pixels, Channels, Height * Width, Mean, Std, destination);
    }
}
