namespace ImbalanceMesh.Imaging.Decoding;

/// <summary>
/// What a file may cost before it is decoded. Both limits are checked from the file size and the image header, so a
/// decompression bomb (a tiny file that claims billions of pixels) is refused before any pixel memory is allocated.
/// </summary>
public sealed record DecodeLimits(long MaxBytes, long MaxPixels)
{
    /// <summary>64 MiB per file, 40 megapixels (e.g. 8000 × 5000).</summary>
    public static readonly DecodeLimits Default = new(64L * 1024 * 1024, 40_000_000);
}
