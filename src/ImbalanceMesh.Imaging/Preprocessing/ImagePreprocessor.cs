using ImbalanceMesh.Core.Batches;
using SkiaSharp;

namespace ImbalanceMesh.Imaging.Preprocessing;

/// <summary>
/// The deterministic, non-augmented path: resize to Size×Size and convert to 1 or 3 channels. Used for validation and
/// test batches and by evaluation's Predict, so training and inference see identically prepared pixels.
/// Not thread-safe: one per thread.
/// </summary>
public sealed class ImagePreprocessor(int size, int channels) : IDisposable
{
    private readonly ImageRenderer _renderer = new(size);

    public int Size => size;
    public int Channels => channels;

    /// <summary>Maps a width×height source onto the Size×Size target (stretching, as Keras target_size does).</summary>
    public static SKMatrix ResizeMatrix(int width, int height, int size) => SKMatrix.CreateScale((float)size / width, (float)size / height);

    /// <summary>uint8 CHW planes.</summary>
    public void ToPlanes(SourceImage source, Span<byte> destination) =>
        _renderer.Render(source, ResizeMatrix(source.Width, source.Height, size), FillMode.Nearest, 0, channels, destination);

    public byte[] ToPlanes(SourceImage source)
    {
        var planes = new byte[channels * size * size];
        ToPlanes(source, planes);
        return planes;
    }

    /// <summary>Model input for one image: float C×H×W normalised with <see cref="PixelNormalization"/>.</summary>
    public float[] ToTensor(SourceImage source, IReadOnlyList<float> mean, IReadOnlyList<float> std) =>
        PixelNormalization.Normalize(ToPlanes(source), channels, size * size, mean, std);

    /// <summary>The same from the HWC uint8 pixels Ingestion streams (1 or 3 channels).</summary>
    public float[] ToTensor(int width, int height, int sourceChannels, ReadOnlySpan<byte> hwc, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        // Already the model's size and channels: the Skia draw would be an exact copy, so only transpose.
        if (width == size && height == size && sourceChannels == channels && hwc.Length == channels * size * size)
            return PixelNormalization.Normalize(HwcToChw(hwc, channels), channels, size * size, mean, std);
        using var source = SourceImage.FromHwc(width, height, sourceChannels, hwc);
        return ToTensor(source, mean, std);
    }

    /// <summary>Interleaved H×W×C bytes as C planes of H×W.</summary>
    public static byte[] HwcToChw(ReadOnlySpan<byte> hwc, int channels)
    {
        var plane = hwc.Length / channels;
        var chw = new byte[hwc.Length];
        for (var p = 0; p < plane; p++)
            for (var c = 0; c < channels; c++)
                chw[c * plane + p] = hwc[p * channels + c];
        return chw;
    }

    /// <summary>C planes of H×W as interleaved H×W×C bytes (the inverse of <see cref="HwcToChw"/>).</summary>
    public static byte[] ChwToHwc(ReadOnlySpan<byte> chw, int channels)
    {
        var plane = chw.Length / channels;
        var hwc = new byte[chw.Length];
        for (var p = 0; p < plane; p++)
            for (var c = 0; c < channels; c++)
                hwc[p * channels + c] = chw[c * plane + p];
        return hwc;
    }

    public void Dispose() => _renderer.Dispose();
}
