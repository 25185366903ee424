using SkiaSharp;

namespace ImbalanceMesh.Imaging.Decoding;

/// <summary>
/// Validates and decodes one image file with SkiaSharp: size limit, then the header (format, dimensions, pixel limit),
/// then a full decode. Accepts PNG, JPEG, BMP, GIF (first frame) and WebP. Alpha is dropped; grayscale stays 1 channel.
/// Thread-safe: every call has its own codec.
/// </summary>
public sealed class ImageDecoder(DecodeLimits limits)
{
    public ImageDecoder() : this(DecodeLimits.Default) { }

    public DecodeLimits Limits { get; } = limits;

    /// <summary>Checks size and header only; Ok results carry an image without pixels (Pixels is empty).</summary>
    public DecodeResult Inspect(ReadOnlySpan<byte> bytes) => Run(bytes, decode: false);

    public DecodeResult Decode(ReadOnlySpan<byte> bytes) => Run(bytes, decode: true);

    private DecodeResult Run(ReadOnlySpan<byte> bytes, bool decode)
    {
        if (bytes.Length == 0) return DecodeResult.Fail(DecodeFailure.Empty, "the file has zero bytes");
        if (bytes.Length > Limits.MaxBytes)
            return DecodeResult.Fail(DecodeFailure.TooLarge, $"{bytes.Length:N0} bytes exceed the limit of {Limits.MaxBytes:N0}");
        var sniffed = ImageSniffer.Format(bytes);
        if (sniffed is not null && !ImageSniffer.Accepted.Contains(sniffed))
            return DecodeResult.Fail(DecodeFailure.Unsupported, $"{sniffed.ToUpperInvariant()} images are not accepted (use PNG, JPEG, BMP, GIF or WebP)");

        using var data = SKData.CreateCopy(bytes);
        // The codec takes ownership of the stream (and frees it itself when creation fails).
        using var codec = SKCodec.Create(new SKMemoryStream(data), out var created);
        if (codec is null) return HeaderFailure(created, sniffed, bytes);

        var format = FormatName(codec.EncodedFormat);
        if (format is null)
            return DecodeResult.Fail(DecodeFailure.Unsupported, $"{codec.EncodedFormat.ToString().ToUpperInvariant()} images are not accepted (use PNG, JPEG, BMP, GIF or WebP)");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0)
            return DecodeResult.Fail(DecodeFailure.Unreadable, $"the {format} header gives an empty size {width}×{height}");
        if ((long)width * height > Limits.MaxPixels)
            return DecodeResult.Fail(DecodeFailure.TooManyPixels,
                $"the {format} header claims {width}×{height} = {(long)width * height:N0} pixels, over the limit of {Limits.MaxPixels:N0}");

        var gray = codec.Info.ColorType == SKColorType.Gray8;
        var channels = gray ? 1 : 3;
        if (!decode) return DecodeResult.Success(new DecodedImage(width, height, channels, [], format));

        var info = new SKImageInfo(width, height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var buffer = new byte[info.BytesSize];
        var decoded = codec.GetPixels(info, buffer);
        // Skia reports a corrupt stream as "incomplete input" too; the file's end tells the two apart.
        if (decoded == SKCodecResult.IncompleteInput && !ImageSniffer.LooksComplete(bytes, format))
            return DecodeResult.Fail(DecodeFailure.Truncated, $"the {format} data ends before the image is complete");
        if (decoded != SKCodecResult.Success)
            return DecodeResult.Fail(DecodeFailure.Unreadable, $"the {format} data is corrupt ({decoded})");
        return DecodeResult.Success(new DecodedImage(width, height, channels, gray ? buffer : DropAlpha(buffer), format));
    }

    private static DecodeResult HeaderFailure(SKCodecResult created, string? sniffed, ReadOnlySpan<byte> bytes)
    {
        if (sniffed is null)
            return DecodeResult.Fail(DecodeFailure.NotAnImage, "the content is not a PNG, JPEG, BMP, GIF or WebP image");
        return created == SKCodecResult.IncompleteInput && !ImageSniffer.LooksComplete(bytes, sniffed)
            ? DecodeResult.Fail(DecodeFailure.Truncated, $"the {sniffed} data ends inside the header")
            : DecodeResult.Fail(DecodeFailure.Unreadable, $"the {sniffed} header cannot be read ({created})");
    }

    private static string? FormatName(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Png => "png",
        SKEncodedImageFormat.Jpeg => "jpeg",
        SKEncodedImageFormat.Bmp => "bmp",
        SKEncodedImageFormat.Gif => "gif",
        SKEncodedImageFormat.Webp => "webp",
        _ => null,
    };

    private static byte[] DropAlpha(byte[] rgba)
    {
        var rgb = new byte[rgba.Length / 4 * 3];
        for (int s = 0, d = 0; s < rgba.Length; s += 4, d += 3)
        {
            rgb[d] = rgba[s];
            rgb[d + 1] = rgba[s + 1];
            rgb[d + 2] = rgba[s + 2];
        }
        return rgb;
    }
}
