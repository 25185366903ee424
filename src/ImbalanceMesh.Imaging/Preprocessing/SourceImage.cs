using System.Buffers;
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
        // Skia copies the raster: a pooled buffer spares the managed heap one large array per image.
        var raster = ArrayPool<byte>.Shared.Rent(info.BytesSize);
        try
        {
            if (gray) pixels.CopyTo(raster);
            else
                for (int s = 0, d = 0; s < pixels.Length; s += 3, d += 4)
                {
                    raster[d] = pixels[s];
                    raster[d + 1] = pixels[s + 1];
                    raster[d + 2] = pixels[s + 2];
                    raster[d + 3] = 255;
                }
            var image = SKImage.FromPixelCopy(info, raster.AsSpan(0, info.BytesSize)) ?? throw new InvalidOperationException("Skia could not hold the image");
            return new SourceImage(image, channels, info.BytesSize);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raster);
        }
    }

    public void Dispose() => Image.Dispose();
}
