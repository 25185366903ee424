using ImbalanceMesh.Imaging.Augmentation;
using ImbalanceMesh.Imaging.Preprocessing;
using ImbalanceMesh.Imaging.Tests.Preprocessing;
using Xunit;

namespace ImbalanceMesh.Imaging.Tests.Augmentation;

public class AugmentationTests
{
    private static readonly AugmentationSettings Rich = new(RotationDegrees: 20, WidthShift: 0.1, HeightShift: 0.1,
        ShearDegrees: 10, Zoom: 0.2, HorizontalFlip: true, VerticalFlip: true, Brightness: 0.2, Contrast: 0.2, CropFraction: 0.9);

    private static AugmentationDraw Identity => new(0, 0, 0, 0, 1, 1, false, false, 1, 1, 0.5, 0.5);

    private static byte[] Render(AugmentationSettings settings, AugmentationDraw draw, byte[] hwc, int size, int channels)
    {
        using var source = SourceImage.FromHwc(size, size, channels, hwc);
        using var augmenter = new ImageAugmenter(settings, size, channels);
        var output = new byte[channels * size * size];
        augmenter.Augment(source, draw, output);
        return output;
    }

    [Fact]
    public void Same_seed_gives_identical_bytes_and_another_seed_does_not()
    {
        var hwc = PreprocessingTests.RandomHwc(48, 40, 3, 1);
        using var source = SourceImage.FromHwc(48, 40, 3, hwc);
        using var first = new ImageAugmenter(Rich, 32, 3);
        using var second = new ImageAugmenter(Rich, 32, 3);
        byte[] a = new byte[3 * 32 * 32], b = new byte[a.Length], c = new byte[a.Length];
        first.Augment(source, 42, 3, 17, a);
        second.Augment(source, 42, 3, 17, b);
        first.Augment(source, 42, 3, 18, c);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Identity_draw_equals_preprocessing()
    {
        var hwc = PreprocessingTests.RandomHwc(16, 16, 3, 2);
        using var source = SourceImage.FromHwc(16, 16, 3, hwc);
        using var pre = new ImagePreprocessor(16, 3);
        Assert.Equal(pre.ToPlanes(source), Render(new AugmentationSettings(), Identity, hwc, 16, 3));
    }

    [Fact]
    public void Horizontal_and_vertical_flips_mirror_the_image()
    {
        var hwc = PreprocessingTests.RandomHwc(8, 8, 1, 3);
        var h = Render(new AugmentationSettings(), Identity with { FlipHorizontal = true }, hwc, 8, 1);
        var v = Render(new AugmentationSettings(), Identity with { FlipVertical = true }, hwc, 8, 1);
        for (var y = 0; y < 8; y++)
        for (var x = 0; x < 8; x++)
        {
            Assert.Equal(hwc[y * 8 + (7 - x)], h[y * 8 + x]);
            Assert.Equal(hwc[(7 - y) * 8 + x], v[y * 8 + x]);
        }
    }

    [Theory]
    [InlineData(FillMode.Constant)]
    [InlineData(FillMode.Nearest)]
    [InlineData(FillMode.Wrap)]
    [InlineData(FillMode.Reflect)]
    public void Fill_modes_fill_the_uncovered_area_as_keras_does(FillMode fill)
    {
        // Column x of the source has value 10·(x+1); a half-width shift right uncovers columns 0..3 of the output.
        var hwc = Enumerable.Range(0, 64).Select(i => (byte)(10 * (i % 8 + 1))).ToArray();
        var output = Render(new AugmentationSettings(Fill: fill, FillValue: 200), Identity with { ShiftX = 0.5 }, hwc, 8, 1);
        int[] expected = fill switch
        {
            FillMode.Constant => [200, 200, 200, 200],
            FillMode.Nearest => [10, 10, 10, 10],
            FillMode.Wrap => [50, 60, 70, 80],
            _ => [40, 30, 20, 10],
        };
        for (var y = 0; y < 8; y++)
        {
            Assert.Equal(expected, output.AsSpan(y * 8, 4).ToArray().Select(b => (int)b));
            Assert.Equal([10, 20, 30, 40], output.AsSpan(y * 8 + 4, 4).ToArray().Select(b => (int)b));
        }
    }

    [Fact]
    public void Brightness_and_contrast_follow_their_factors()
    {
        var hwc = Enumerable.Repeat((byte)100, 64).ToArray();
        var brighter = Render(new AugmentationSettings(), Identity with { Brightness = 1.5 }, hwc, 8, 1);
        Assert.All(brighter, v => Assert.InRange(v, 149, 151));
        var flatter = Render(new AugmentationSettings(), Identity with { Contrast = 0.5 }, Enumerable.Repeat((byte)200, 64).ToArray(), 8, 1);
        Assert.All(flatter, v => Assert.InRange(v, 163, 165)); // 0.5·(200 − 127.5) + 127.5
    }

    [Fact]
    public void Crop_magnifies_the_chosen_window()
    {
        // Four flat quadrants 0 / 80 / 160 / 240; a half crop at the top-left corner shows only the first.
        var hwc = new byte[16 * 16];
        for (var y = 0; y < 16; y++)
        for (var x = 0; x < 16; x++)
            hwc[y * 16 + x] = (byte)(80 * ((y / 8) * 2 + x / 8));
        var crop = Render(new AugmentationSettings(CropFraction: 0.5), Identity with { CropX = 0, CropY = 0 }, hwc, 16, 1);
        Assert.True(crop.Count(v => v == 0) > 16 * 16 - 32, "the top-left window fills the output");
        var other = Render(new AugmentationSettings(CropFraction: 0.5), Identity with { CropX = 1, CropY = 1 }, hwc, 16, 1);
        Assert.True(other.Count(v => v == 240) > 16 * 16 - 32);
    }

    [Fact]
    public void Rotation_by_ninety_degrees_turns_the_image()
    {
        var hwc = PreprocessingTests.RandomHwc(8, 8, 1, 9);
        var turned = Render(new AugmentationSettings(), Identity with { RotationDegrees = 90 }, hwc, 8, 1);
        // Clockwise in image coordinates (y down): output (x, y) shows source (y, 7 − x).
        for (var y = 0; y < 8; y++)
        for (var x = 0; x < 8; x++)
            Assert.Equal(hwc[(7 - x) * 8 + y], turned[y * 8 + x]);
    }

    [Fact]
    public void Draws_stay_inside_their_ranges()
    {
        var rng = new Random(5);
        for (var i = 0; i < 2000; i++)
        {
            var d = AugmentationDraw.Sample(Rich, rng);
            Assert.InRange(d.RotationDegrees, -20, 20);
            Assert.InRange(d.ShiftX, -0.1, 0.1);
            Assert.InRange(d.ZoomX, 0.8, 1.2);
            Assert.InRange(d.Brightness, 0.8, 1.2);
        }
    }
}
