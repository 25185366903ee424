using SkiaSharp;

namespace ImbalanceMesh.Imaging.Preprocessing;

/// <summary>
/// Draws a source image through one affine matrix into a square target in a single
/// canvas draw, then writes the result as uint8 CHW planes with 1 or 3 channels. Both the deterministic preprocessing
/// and the augmentation use this one path, so a plan with augmentation off equals preprocessing; resize at import
/// (<see cref="CenterCropResize"/>) draws through it too, with high-quality sampling.
/// Not thread-safe: use one renderer per thread.
/// </summary>
public sealed class ImageRenderer : IDisposable
{
    /// <summary>Bilinear without mipmaps: what batches are drawn with.</summary>
    public static readonly SKSamplingOptions Bilinear = new(SKFilterMode.Linear, SKMipmapMode.None);
    private readonly SKSamplingOptions _sampling;
    private readonly SKSurface _surface;
    private readonly SKPaint _paint = new() { IsAntialias = false, BlendMode = SKBlendMode.SrcOver };
    private readonly TilePadding _padding = new();

    public ImageRenderer(int size) : this(size, Bilinear) { }

    public ImageRenderer(int size, SKSamplingOptions sampling)
    {
        _sampling = sampling;
        if (size is <= 0 or > 4096) throw new ArgumentOutOfRangeException(nameof(size), size, "target size must be 1..4096");
        Size = size;
        _surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul))
                   ?? throw new InvalidOperationException("Skia could not create a raster surface");
    }

    public int Size { get; }

    /// <param name="sourceToTarget">Maps source pixel coordinates to target pixel coordinates.</param>
    /// <param name="fill">How target pixels outside the source are filled.</param>
    /// <param name="destination">C×Size×Size bytes.</param>
    public void Render(SourceImage source, SKMatrix sourceToTarget, FillMode fill, byte fillValue, int channels, Span<byte> destination)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "1 or 3 channels");
        var plane = Size * Size;
        if (destination.Length != channels * plane) throw new ArgumentException($"destination needs {channels * plane} bytes", nameof(destination));
        var canvas = _surface.Canvas;
        canvas.Clear(new SKColor(fillValue, fillValue, fillValue));
        if (fill == FillMode.Constant)
        {
            // A plain image draw over the cleared canvas, ~5× faster than Decal tiling in Skia's raster backend (the
            // only difference: the image's outer half-pixel is not blended with the fill colour).
            canvas.SetMatrix(sourceToTarget);
            canvas.DrawImage(source.Image, 0, 0, _sampling, null);
            canvas.ResetMatrix();
        }
        else if (fill == FillMode.Nearest || fill == FillMode.Reflect && CoversOnlySource(sourceToTarget, source.Width, source.Height))
        {
            // Nearest is Clamp. For reflect, when no target pixel maps outside the source, Clamp equals Mirror (both
            // repeat the edge pixel for the half-pixel of bilinear sampling at the border) and needs no padded copy.
            DrawClamped(canvas, source.Image, sourceToTarget);
        }
        else
        {
            // Skia's Mirror and Repeat tiling leave its fast raster path (~6× slower per draw); a 3×3 mirrored or
            // repeated copy of the source drawn with Clamp is the same image for every target pixel that maps within
            // one source size of the source, and repeats the copy's edge beyond that.
            using var padded = _padding.Pad(source.Image, mirror: fill == FillMode.Reflect);
            DrawClamped(canvas, padded, sourceToTarget.PreConcat(SKMatrix.CreateTranslation(-source.Width, -source.Height)));
        }
        canvas.Flush();
        using var pixmap = _surface.PeekPixels();
        ToPlanes(pixmap.GetPixelSpan(), channels, source.Channels == 1, destination, plane);
    }

    private void DrawClamped(SKCanvas canvas, SKImage image, SKMatrix imageToTarget)
    {
        using var shader = image.ToShader(SKShaderTileMode.Clamp, SKShaderTileMode.Clamp, _sampling, imageToTarget);
        _paint.Shader = shader;
        canvas.DrawRect(0, 0, Size, Size, _paint);
        _paint.Shader = null;
    }

    private bool CoversOnlySource(SKMatrix sourceToTarget, int width, int height)
    {
        if (!sourceToTarget.TryInvert(out var targetToSource)) return false;
        foreach (var corner in new[] { new SKPoint(0, 0), new SKPoint(Size, 0), new SKPoint(0, Size), new SKPoint(Size, Size) })
        {
            var p = targetToSource.MapPoint(corner);
            if (p.X < 0 || p.Y < 0 || p.X > width || p.Y > height) return false;
        }
        return true;
    }

    private static void ToPlanes(ReadOnlySpan<byte> rgba, int channels, bool grayScaleSource, Span<byte> destination, int plane)
    {
        if (channels == 3)
        {
            var r = destination[..plane];
            var g = destination.Slice(plane, plane);
            var b = destination.Slice(2 * plane, plane);
            for (int p = 0, s = 0; p < plane; p++, s += 4)
            {
                r[p] = rgba[s];
                g[p] = rgba[s + 1];
                b[p] = rgba[s + 2];
            }
        }
        else if (grayScaleSource)
        {
            for (int p = 0, s = 0; p < plane; p++, s += 4) destination[p] = rgba[s];
        }
        else
        {
            // ITU-R BT.601 luma, the weights PIL's convert("L") uses.
            for (int p = 0, s = 0; p < plane; p++, s += 4)
                destination[p] = (byte)((rgba[s] * 299 + rgba[s + 1] * 587 + rgba[s + 2] * 114 + 500) / 1000);
        }
    }

    public void Dispose()
    {
        _padding.Dispose();
        _paint.Dispose();
        _surface.Dispose();
    }
}
