using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Imaging.Preprocessing;
using Xunit;

namespace ImbalanceMesh.Imaging.Tests.Preprocessing;

public class PreprocessingTests
{
    internal static byte[] RandomHwc(int w, int h, int c, int seed)
    {
        var bytes = new byte[w * h * c];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Same_size_rgb_comes_back_as_exact_chw_planes()
    {
        var hwc = RandomHwc(8, 6, 3, 1);
        using var source = SourceImage.FromHwc(8, 6, 3, hwc);
        using var pre = new ImagePreprocessor(8, 3);
        // 8×6 stretched to 8×8 is not the identity; use a square source for the exact check.
        var square = RandomHwc(8, 8, 3, 2);
        using var squareSource = SourceImage.FromHwc(8, 8, 3, square);
        var planes = pre.ToPlanes(squareSource);
        for (var y = 0; y < 8; y++)
        for (var x = 0; x < 8; x++)
        for (var c = 0; c < 3; c++)
            Assert.Equal(square[(y * 8 + x) * 3 + c], planes[c * 64 + y * 8 + x]);
        Assert.Equal(3 * 64, pre.ToPlanes(source).Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Same_size_hwc_skips_the_draw_and_gives_exactly_what_the_draw_gives(int channels)
    {
        var hwc = RandomHwc(16, 16, channels, 3);
        using var pre = new ImagePreprocessor(16, channels);
        using var source = SourceImage.FromHwc(16, 16, channels, hwc);
        var mean = new[] { 0.4f, 0.5f, 0.6f }[..channels];
        var std = new[] { 0.2f, 0.25f, 0.3f }[..channels];
        Assert.Equal(pre.ToTensor(source, mean, std), pre.ToTensor(16, 16, channels, hwc, mean, std));
    }

    [Fact]
    public void Gray_becomes_three_equal_planes_and_rgb_becomes_luma()
    {
        var gray = RandomHwc(8, 8, 1, 3);
        using var graySource = SourceImage.FromHwc(8, 8, 1, gray);
        using var toRgb = new ImagePreprocessor(8, 3);
        var planes = toRgb.ToPlanes(graySource);
        Assert.Equal(gray, planes[..64]);
        Assert.Equal(gray, planes[64..128]);
        Assert.Equal(gray, planes[128..]);

        var rgb = RandomHwc(8, 8, 3, 4);
        using var rgbSource = SourceImage.FromHwc(8, 8, 3, rgb);
        using var toGray = new ImagePreprocessor(8, 1);
        var luma = toGray.ToPlanes(rgbSource);
        for (var p = 0; p < 64; p++)
            Assert.Equal(Math.Round(0.299 * rgb[p * 3] + 0.587 * rgb[p * 3 + 1] + 0.114 * rgb[p * 3 + 2]), luma[p], 0.51);
    }

    [Fact]
    public void Resize_of_a_flat_image_keeps_its_value_and_size()
    {
        var flat = Enumerable.Repeat((byte)77, 40 * 30 * 3).ToArray();
        using var source = SourceImage.FromHwc(40, 30, 3, flat);
        using var pre = new ImagePreprocessor(16, 3);
        var planes = pre.ToPlanes(source);
        Assert.Equal(3 * 16 * 16, planes.Length);
        Assert.All(planes, v => Assert.Equal(77, v));
    }

    [Fact]
    public void Tensor_is_the_shared_normalisation_of_the_planes()
    {
        var hwc = RandomHwc(12, 12, 3, 5);
        using var pre = new ImagePreprocessor(12, 3);
        float[] mean = [0.4f, 0.5f, 0.6f], std = [0.2f, 0.3f, 0.4f];
        var tensor = pre.ToTensor(12, 12, 3, hwc, mean, std);
        using var source = SourceImage.FromHwc(12, 12, 3, hwc);
        Assert.Equal(PixelNormalization.Normalize(pre.ToPlanes(source), 3, 144, mean, std), tensor);
        Assert.Equal((hwc[3 * 5 + 1] / 255f - 0.5f) / 0.3f, tensor[144 + 5], 5);
    }
}
