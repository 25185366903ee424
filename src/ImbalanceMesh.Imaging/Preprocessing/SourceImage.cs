using SkiaSharp;

namespace ImbalanceMesh.Imaging.Preprocessing;

/// <summary>
/// A decoded source image kept in memory as a Skia raster image (Gray8 for 1 channel, RGBA for 3), ready to be drawn
/// any number of times from any thread. Built from the HWC uint8 pixels Ingestion streams.
/// </summary>
public sealed class SourceImage : IDisposable
{
    private SourceImage(SKImage image, int channels, long bytes)
    {
        Image = image;
        Channels = channels;
        Bytes = bytes;
    }

    public SKImage Image { get; }
    public int Width => Image.Width;
    public int Height => Image.Height;
    public int Channels { get; }
    /// <summary>Memory the decoded pixels occupy.</summary>
    public long Bytes { get; }

    public static SourceImage FromHwc(int width, int height, int channels, ReadOnlySpan<byte> pixels)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "1 or 3 channels");
        if (width <= 0 || height <= 0 || pixels.Length != (long)width * height * channels)
            throw new ArgumentException($"expected {width}×{height}×{channels} bytes, got {pixels.Length}", nameof(pixels));
        var gray = channels == 1;
        var info = new SKImageInfo(width, height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        // Written straight into Skia's own (native) pixels and shared by the image: no managed raster (200 KB a
        // 224 px RGB image, a large-object-heap array per image per batch) and no second copy.
        using var bitmap = new SKBitmap(info);
        var raster = bitmap.GetPixelSpan();
        if (gray) pixels.CopyTo(raster);
        else
            for (int s = 0, d = 0; s < pixels.Length; s += 3, d += 4)
            {
                raster[d] = pixels[s];
                raster[d + 1] = pixels[s + 1];
                raster[d + 2] = pixels[s + 2];
                raster[d + 3] = 255;
            }
        bitmap.SetImmutable();
        var image = SKImage.FromBitmap(bitmap) ?? throw new InvalidOperationException("Skia could not hold the image");
        return new SourceImage(image, channels, info.BytesSize);
    }

    public void Dispose() => Image.Dispose();
}
