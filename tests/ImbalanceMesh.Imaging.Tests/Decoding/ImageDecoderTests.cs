using ImbalanceMesh.Imaging.Decoding;

namespace ImbalanceMesh.Imaging.Tests.Decoding;

public sealed class ImageDecoderTests
{
    private readonly ImageDecoder _decoder = new();

    [Fact]
    public void Rgb_png_decodes_to_the_exact_hwc_pixels_it_was_written_from()
    {
        var pixels = TestImages.Pattern(16, 12, 3, variant: 5);
        var image = _decoder.Decode(PngWriter.Encode(16, 12, 3, pixels)).Image!;
        Assert.Equal((16, 12, 3, "png"), (image.Width, image.Height, image.Channels, image.Format));
        Assert.Equal(pixels, image.Pixels);
    }

    [Fact]
    public void Grayscale_png_stays_one_channel()
    {
        var pixels = TestImages.Pattern(9, 7, 1, variant: 2);
        var image = _decoder.Decode(PngWriter.Encode(9, 7, 1, pixels)).Image!;
        Assert.Equal(1, image.Channels);
        Assert.Equal(pixels, image.Pixels);
    }

    [Fact]
    public void Alpha_is_dropped_keeping_the_unpremultiplied_colour()
    {
        var image = _decoder.Decode(TestImages.RgbaPngWithAlpha()).Image!;
        Assert.Equal(3, image.Channels);
        Assert.Equal(8 * 8 * 3, image.Pixels.Length);
        Assert.Equal(200, image.Pixels[0]);
        Assert.Equal(100, image.Pixels[1]);
        Assert.Equal(50, image.Pixels[2]);
    }

    [Fact]
    public void Jpeg_bmp_gif_and_webp_are_accepted()
    {
        Assert.Equal("jpeg", _decoder.Decode(TestImages.Jpeg()).Image!.Format);
        Assert.Equal("webp", _decoder.Decode(TestImages.Webp()).Image!.Format);
        var gif = _decoder.Decode(TestImages.Gif()).Image!;
        Assert.Equal(("gif", 1, 1, 3), (gif.Format, gif.Width, gif.Height, gif.Channels));
        Assert.Equal(new byte[] { 255, 0, 0 }, gif.Pixels);
        var bmp = _decoder.Decode(TestImages.Bmp(5, 3)).Image!;
        Assert.Equal(("bmp", 5, 3), (bmp.Format, bmp.Width, bmp.Height));
        // Bottom-up BMP: the first decoded row is the file's last row (y = 2 → red 160); pixel x = 1 has green 40.
        Assert.Equal(new byte[] { 160, 40, 10 }, bmp.Pixels[3..6]);
    }

    public static TheoryData<string, DecodeFailure> BadFiles => new()
    {
        { "empty", DecodeFailure.Empty },
        { "text", DecodeFailure.NotAnImage },
        { "tiff", DecodeFailure.Unsupported },
        { "truncated", DecodeFailure.Truncated },
        { "bomb", DecodeFailure.TooManyPixels },
        { "corrupt", DecodeFailure.Unreadable },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Every_kind_of_bad_file_is_rejected_with_its_reason(string kind, DecodeFailure expected)
    {
        var bytes = kind switch
        {
            "empty" => [],
            "text" => TestImages.Text(),
            "tiff" => TestImages.Tiff(),
            "truncated" => TestImages.Truncated(),
            "bomb" => TestImages.Bomb(),
            "corrupt" => TestImages.Corrupt(),
            _ => throw new ArgumentException(kind),
        };
        var result = _decoder.Decode(bytes);
        Assert.False(result.Ok);
        Assert.Equal(expected, result.Failure);
        Assert.StartsWith(expected.Code() + ": ", result.Reason);
    }

    [Fact]
    public void The_bomb_is_refused_from_its_header_with_the_claimed_size()
    {
        var result = _decoder.Inspect(TestImages.Bomb());
        Assert.Equal(DecodeFailure.TooManyPixels, result.Failure);
        Assert.Contains("50000×50000", result.Detail);
    }

    [Fact]
    public void Byte_limit_is_checked_before_anything_else()
    {
        var small = new ImageDecoder(new DecodeLimits(MaxBytes: 100, MaxPixels: 1_000_000));
        Assert.Equal(DecodeFailure.TooLarge, small.Decode(TestImages.Png(32, 32)).Failure);
    }
}
