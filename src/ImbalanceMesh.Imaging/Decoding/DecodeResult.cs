namespace ImbalanceMesh.Imaging.Decoding;

/// <summary>A decoded image: interleaved HWC uint8 pixels, 1 channel for grayscale sources, 3 (RGB) otherwise.</summary>
public sealed record DecodedImage(int Width, int Height, int Channels, byte[] Pixels, string Format);

/// <summary>Either an image or the reason there is none.</summary>
public sealed record DecodeResult(DecodedImage? Image, DecodeFailure? Failure, string? Detail)
{
    public bool Ok => Image is not null;

    /// <summary>"code: detail", e.g. "truncated: the PNG data ends before the image is complete".</summary>
    public string Reason => Failure is { } f ? $"{f.Code()}: {Detail}" : "";

    public static DecodeResult Success(DecodedImage image) => new(image, null, null);
    public static DecodeResult Fail(DecodeFailure failure, string detail) => new(null, failure, detail);
}
