using System.Buffers.Binary;
using ImbalanceMesh.Imaging.Decoding;
using SkiaSharp;

namespace ImbalanceMesh.Imaging.Tests.Decoding;

/// <summary>Real image files of every accepted format, and each kind of bad file, built in memory for tests.</summary>
public static class TestImages
{
    /// <summary>An RGB PNG whose pixels depend on <paramref name="variant"/>, so different variants hash differently.</summary>
    public static byte[] Png(int width = 16, int height = 12, int variant = 0) =>
        PngWriter.Encode(width, height, 3, Pattern(width, height, 3, variant));

    public static byte[] GrayPng(int width = 16, int height = 12, int variant = 0) =>
        PngWriter.Encode(width, height, 1, Pattern(width, height, 1, variant));

    public static byte[] Pattern(int width, int height, int channels, int variant)
    {
        var pixels = new byte[width * height * channels];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7 + variant * 31);
        // The variant's own bytes up front, so every variant below 2^24 is a different image.
        for (var i = 0; i < Math.Min(3, pixels.Length); i++) pixels[i] = (byte)(variant >> (8 * i));
        return pixels;
    }

    public static byte[] RgbaPngWithAlpha(int width = 8, int height = 8)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var span = bitmap.GetPixelSpan();
        for (var i = 0; i < span.Length; i += 4) (span[i], span[i + 1], span[i + 2], span[i + 3]) = (200, 100, 50, 128);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width = 16, int height = 16) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    public static byte[] Webp(int width = 16, int height = 16) => Encode(width, height, SKEncodedImageFormat.Webp);

    /// <summary>A 24-bit uncompressed BMP, written by hand (Skia has no BMP encoder).</summary>
    public static byte[] Bmp(int width = 5, int height = 3)
    {
        var rowSize = (width * 3 + 3) / 4 * 4;
        var bytes = new byte[54 + rowSize * height];
        "BM"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var o = 54 + y * rowSize + x * 3;
                (bytes[o], bytes[o + 1], bytes[o + 2]) = (10, (byte)(x * 40), (byte)(y * 80)); // B, G, R
            }
        return bytes;
    }

    /// <summary>A 1×1 GIF89a (one red pixel), the classic minimal GIF.</summary>
    public static byte[] Gif() => Convert.FromHexString(
        "47494638396101000100800000FF000000000021F90400000000002C00000000010001000002024401003B");

    public static byte[] Truncated() => Png(32, 32)[..60];

    public static byte[] Text() => "class,label\nnot,an image\n"u8.ToArray();

    public static byte[] Tiff() => [.. "II*\0"u8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>A PNG whose image data is overwritten with garbage after a valid header.</summary>
    public static byte[] Corrupt()
    {
        var png = Png(32, 32);
        for (var i = 45; i < png.Length - 12; i++) png[i] = 0x5A;
        return png;
    }

    /// <summary>A real PNG whose header claims 50,000 × 50,000 pixels (CRC fixed, so only the size is wrong).</summary>
    public static byte[] Bomb()
    {
        var png = Png(4, 4);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 50_000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 50_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var span = bitmap.GetPixelSpan();
        for (var i = 0; i < span.Length; i += 4) (span[i], span[i + 1], span[i + 2], span[i + 3]) = ((byte)i, 128, (byte)(255 - i), 255);
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
