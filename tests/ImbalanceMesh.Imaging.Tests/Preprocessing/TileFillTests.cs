using ImbalanceMesh.Imaging.Augmentation;
using ImbalanceMesh.Imaging.Preprocessing;
using SkiaSharp;

namespace ImbalanceMesh.Imaging.Tests.Preprocessing;

/// <summary>Reflect and wrap fill come from a padded copy drawn with Clamp; they must equal Skia's Mirror / Repeat tiling.</summary>
public sealed class TileFillTests
{
    private const int Size = 16;

    [Theory]
    [InlineData(FillMode.Reflect, SKShaderTileMode.Mirror)]
    [InlineData(FillMode.Wrap, SKShaderTileMode.Repeat)]
    public void Padded_fill_equals_skia_tiling_for_a_rotated_zoomed_out_shifted_draw(FillMode fill, SKShaderTileMode tiling)
    {
        var random = new Random(11);
        var hwc = new byte[Size * Size * 3];
        random.NextBytes(hwc);
        using var source = SourceImage.FromHwc(Size, Size, 3, hwc);
        // Rotate 25° about the centre, zoom out to 0.7 and shift by 4 px: many target pixels map outside the source,
        // all within one source size of it.
        var matrix = SKMatrix.Concat(SKMatrix.CreateTranslation(4, -3),
            SKMatrix.Concat(SKMatrix.CreateScale(0.7f, 0.7f, Size / 2f, Size / 2f), SKMatrix.CreateRotationDegrees(25, Size / 2f, Size / 2f)));

        using var renderer = new ImageRenderer(Size);
        var planes = new byte[3 * Size * Size];
        renderer.Render(source, matrix, fill, 0, 3, planes);

        var reference = SkiaTiled(source, matrix, tiling);
        for (var p = 0; p < Size * Size; p++)
            for (var c = 0; c < 3; c++)
                Assert.InRange(planes[c * Size * Size + p] - reference[p * 4 + c], -1, 1);
    }

    private static byte[] SkiaTiled(SourceImage source, SKMatrix matrix, SKShaderTileMode tiling)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var shader = source.Image.ToShader(tiling, tiling, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), matrix);
        using var paint = new SKPaint { Shader = shader, IsAntialias = false };
        surface.Canvas.DrawRect(0, 0, Size, Size, paint);
        using var pixmap = surface.PeekPixels();
        return pixmap.GetPixelSpan().ToArray();
    }
}
