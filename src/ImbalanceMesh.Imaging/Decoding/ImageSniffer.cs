namespace ImbalanceMesh.Imaging.Decoding;

/// <summary>
/// Recognises image formats by their magic bytes, to tell "an image we do not take" (TIFF, PSD, HEIF, …) from "not an
/// image at all" when the decoder gives up.
/// </summary>
public static class ImageSniffer
{
    public static string? Format(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])) return "png";
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "jpeg";
        if (b.StartsWith("GIF8"u8)) return "gif";
        if (b.StartsWith("BM"u8)) return "bmp";
        if (b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return "webp";
        if (b.StartsWith("II*\0"u8) || b.StartsWith("MM\0*"u8)) return "tiff";
        if (b.StartsWith("8BPS"u8)) return "psd";
        if (b.StartsWith((ReadOnlySpan<byte>)[0, 0, 1, 0])) return "ico";
        if (b.Length >= 12 && b[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = System.Text.Encoding.ASCII.GetString(b[8..12]);
            if (brand is "heic" or "heix" or "mif1" or "msf1" or "hevc") return "heif";
            if (brand is "avif" or "avis") return "avif";
        }
        if (b.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, (byte)'j', (byte)'P'])) return "jpeg2000";
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A]) || b.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, (byte)'J', (byte)'X', (byte)'L'])) return "jpegxl";
        return null;
    }

    /// <summary>
    /// Whether the bytes end where a complete file of the format ends (PNG IEND chunk, JPEG EOI marker, GIF trailer,
    /// BMP / WebP declared length). Tells a truncated file from one that is complete but corrupt.
    /// </summary>
    public static bool LooksComplete(ReadOnlySpan<byte> b, string format) => format switch
    {
        "png" => b.Length >= 12 && b[^8..^4].SequenceEqual("IEND"u8),
        "jpeg" => b.Length >= 2 && b[^2] == 0xFF && b[^1] == 0xD9,
        "gif" => b.Length >= 1 && b[^1] == 0x3B,
        "bmp" => b.Length >= 6 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b[2..6]) <= b.Length,
        "webp" => b.Length >= 8 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b[4..8]) + 8 <= b.Length,
        _ => true,
    };

    public static readonly IReadOnlySet<string> Accepted = new HashSet<string> { "png", "jpeg", "gif", "bmp", "webp" };
}
