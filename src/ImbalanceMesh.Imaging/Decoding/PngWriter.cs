using SkiaSharp;

namespace ImbalanceMesh.Imaging.Decoding;

/// <summary>Encodes HWC uint8 pixels (1 or 3 channels) as a lossless PNG — how raw IDX/CIFAR records become files.</summary>
public static class PngWriter
{
    public static byte[] Encode(int width, int height, int channels, ReadOnlySpan<byte> pixels)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "1 or 3 channels");
        if (pixels.Length != width * height * channels)
            throw new ArgumentException($"Expected {width * height * channels} bytes for {width}×{height}×{channels}, got {pixels.Length}.", nameof(pixels));
        var gray = channels == 1;
        var info = new SKImageInfo(width, height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var target = bitmap.GetPixelSpan();
        if (gray) pixels.CopyTo(target);
        else
            for (int s = 0, d = 0; s < pixels.Length; s += 3, d += 4)
            {
                target[d] = pixels[s];
                target[d + 1] = pixels[s + 1];
                target[d + 2] = pixels[s + 2];
                target[d + 3] = 255;
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
