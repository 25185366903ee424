using System.Globalization;
using ImbalanceMesh.Augmentation.Configuration;
using ImbalanceMesh.Core.Batches;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace ImbalanceMesh.Augmentation.Outputs;

/// <summary>
/// A PNG grid of a batch's first samples, each captioned with its two largest soft labels and λ. Captions are drawn
/// with a font file (the NoDependencies Skia asset has no built-in glyphs); without one the grid has no text, and the
/// captions are still returned.
/// </summary>
public sealed class PreviewRenderer(IOptions<AugmentationOptions> options)
{
    private const int Cell = 96;
    private const int CaptionHeight = 30;
    private readonly Lazy<SKTypeface?> _typeface = new(() => LoadTypeface(options.Value.FontPath));

    public (byte[] Png, List<string> Captions) Render(MeshBatch batch, IReadOnlyList<string> classes, int maxSamples)
    {
        var n = Math.Min(batch.Count, maxSamples);
        var captions = Enumerable.Range(0, n).Select(i => Caption(batch, classes, i)).ToList();
        var columns = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(n)));
        var rows = Math.Max(1, (n + columns - 1) / columns);
        using var surface = SKSurface.Create(new SKImageInfo(columns * Cell, rows * (Cell + CaptionHeight), SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = _typeface.Value is { } face ? new SKFont(face, 10) : null;
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var pixels = Displayable(batch);
        for (var i = 0; i < n; i++)
        {
            var (x, y) = (i % columns * Cell, i / columns * (Cell + CaptionHeight));
            using var image = ToImage(pixels, batch, i);
            canvas.DrawImage(image, SKRect.Create(x + 2, y + 2, Cell - 4, Cell - 4), new SKSamplingOptions(SKFilterMode.Nearest));
            if (font is null) continue;
            var lines = captions[i].Split(" | ");
            for (var l = 0; l < lines.Length; l++) canvas.DrawText(lines[l], x + 3, y + Cell + 11 + 11 * l, SKTextAlign.Left, font, ink);
        }
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return (data.ToArray(), captions);
    }

    private static string Caption(MeshBatch batch, IReadOnlyList<string> classes, int i)
    {
        var top = Enumerable.Range(0, batch.ClassCount)
            .Select(c => (Name: classes[c], Value: batch.SoftLabels[i * batch.ClassCount + c]))
            .OrderByDescending(t => t.Value).Take(2).Where(t => t.Value > 0.005f)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} {t.Value:0.00}"));
        return string.Create(CultureInfo.InvariantCulture, $"{string.Join(" + ", top)} | λ {batch.Lambdas[i]:0.00} id {batch.SampleIds[i]}");
    }

    /// <summary>uint8 NCHW; float16 batches are mapped back through mean/std.</summary>
    private static byte[] Displayable(MeshBatch batch)
    {
        if (batch.PixelFormat == BatchPixelFormat.UInt8) return batch.Pixels;
        var values = batch.NormalizedPixels();
        var plane = batch.Height * batch.Width;
        var bytes = new byte[values.Length];
        for (var p = 0; p < values.Length; p++)
        {
            var c = p / plane % batch.Channels;
            bytes[p] = (byte)Math.Clamp(Math.Round((values[p] * batch.Std[c] + batch.Mean[c]) * 255), 0, 255);
        }
        return bytes;
    }

    private static SKImage ToImage(byte[] nchw, MeshBatch batch, int i)
    {
        var plane = batch.Height * batch.Width;
        var rgba = new byte[plane * 4];
        var start = i * batch.ImageValues;
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++) rgba[p * 4 + c] = nchw[start + (batch.Channels == 3 ? c : 0) * plane + p];
            rgba[p * 4 + 3] = 255;
        }
        return SKImage.FromPixelCopy(new SKImageInfo(batch.Width, batch.Height, SKColorType.Rgba8888, SKAlphaType.Opaque), rgba);
    }

    private static SKTypeface? LoadTypeface(string? configured)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(configured)) candidates.Add(configured);
        candidates.Add("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        if (Directory.Exists("/usr/share/fonts"))
            candidates.AddRange(Directory.EnumerateFiles("/usr/share/fonts", "*.ttf", SearchOption.AllDirectories).Order());
        return candidates.Where(File.Exists).Select(SKTypeface.FromFile).FirstOrDefault(t => t is not null);
    }
}
