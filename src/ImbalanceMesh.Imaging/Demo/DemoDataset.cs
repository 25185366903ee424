using ImbalanceMesh.Core.Randomness;
using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Storage;
using SkiaSharp;

namespace ImbalanceMesh.Imaging.Demo;

/// <summary>
/// A small, deterministic, visually real imbalanced image set that needs no download: textured shapes (circle,
/// square, triangle by default 400 / 120 / 30, i.e. 13.3:1) drawn with a random pose (position, size, rotation),
/// a random bright colour with a faint striped texture, a random dark background and per-pixel noise. The shapes are
/// large and high-contrast so that a small CNN learns them in a few epochs; the difficulty left is the imbalance.
/// Image i of class c is drawn with SeedDerivation.CreateRandom(seed, "demo/" + c, i), so the same seed gives the same bytes everywhere.
/// </summary>
public static class DemoDataset
{
    public const int DefaultSize = 32;
    public const long DefaultSeed = 2019;

    public static readonly IReadOnlyDictionary<string, int> DefaultCounts =
        new Dictionary<string, int> { ["circle"] = 400, ["square"] = 120, ["triangle"] = 30 };

    public static IEnumerable<DemoImage> Generate(IReadOnlyDictionary<string, int>? counts = null, int size = DefaultSize,
        long seed = DefaultSeed)
    {
        counts ??= DefaultCounts;
        if (size is < 8 or > 512) throw new ArgumentOutOfRangeException(nameof(size), size, "8 to 512 pixels");
        foreach (var (className, count) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var shape = ShapeOf(className);
            for (var i = 0; i < count; i++)
                yield return new DemoImage(className, $"{className}_{i:D5}.png",
                    Draw(shape, size, SeedDerivation.CreateRandom(seed, "demo/" + className, i)));
        }
    }

    /// <summary>Writes the set as PATH/&lt;class&gt;/&lt;class&gt;_NNNNN.png; returns how many files were written.</summary>
    public static int WriteTo(string root, IReadOnlyDictionary<string, int>? counts = null, int size = DefaultSize,
        long seed = DefaultSeed, IProgress<int>? progress = null)
    {
        var written = 0;
        foreach (var image in Generate(counts, size, seed))
        {
            AtomicFile.Write(Path.Combine(root, image.ClassName, image.FileName), image.Png);
            written++;
            progress?.Report(written);
        }
        return written;
    }

    private enum Shape { Circle, Square, Triangle }

    private static Shape ShapeOf(string className) => className switch
    {
        "circle" => Shape.Circle,
        "square" => Shape.Square,
        "triangle" => Shape.Triangle,
        _ => throw new ArgumentException($"Unknown demo class '{className}'; the demo draws circle, square and triangle.", nameof(className)),
    };

    private static byte[] Draw(Shape shape, int size, Random random)
    {
        var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        {
            // A dark, muted background and a bright, saturated shape: the outline is what tells the classes apart,
            // so it must stand out at 32 px; colour and texture vary but carry no class information.
            canvas.Clear(Hsv(random.NextSingle() * 360, 0.1f + 0.2f * random.NextSingle(), 0.1f + 0.25f * random.NextSingle()));
            var hue = random.NextSingle() * 360;
            var value = 0.75f + 0.25f * random.NextSingle();
            var foreground = Hsv(hue, 0.55f + 0.45f * random.NextSingle(), value);
            var stripes = Hsv(hue, 0.5f, value * 0.8f);
            var period = size * (0.15f + 0.1f * random.NextSingle());
            using var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(period, period * random.NextSingle()),
                [foreground, foreground, stripes, stripes], [0, 0.6f, 0.6f, 1], SKShaderTileMode.Repeat);
            using var paint = new SKPaint { Shader = shader, IsAntialias = true, Style = SKPaintStyle.Fill };
            canvas.Translate(size * (0.42f + 0.16f * random.NextSingle()), size * (0.42f + 0.16f * random.NextSingle()));
            canvas.RotateDegrees(random.NextSingle() * 360);
            var r = size * (0.28f + 0.08f * random.NextSingle());
            switch (shape)
            {
                case Shape.Circle:
                    canvas.DrawCircle(0, 0, r, paint);
                    break;
                case Shape.Square:
                    canvas.DrawRect(-r * 0.85f, -r * 0.85f, r * 1.7f, r * 1.7f, paint);
                    break;
                case Shape.Triangle:
                    using (var builder = new SKPathBuilder())
                    {
                        builder.AddPoly([new SKPoint(0, -r * 1.15f), new SKPoint(r, r * 0.75f), new SKPoint(-r, r * 0.75f)], true);
                        using var path = builder.Detach();
                        canvas.DrawPath(path, paint);
                    }
                    break;
            }
        }
        return PngWriter.Encode(size, size, 3, WithNoise(bitmap.GetPixelSpan(), random));
    }

    private static byte[] WithNoise(ReadOnlySpan<byte> rgba, Random random)
    {
        var rgb = new byte[rgba.Length / 4 * 3];
        for (int s = 0, d = 0; s < rgba.Length; s += 4, d += 3)
            for (var c = 0; c < 3; c++)
                rgb[d + c] = (byte)Math.Clamp(rgba[s + c] + random.Next(-8, 9), 0, 255);
        return rgb;
    }

    private static SKColor Hsv(float hue, float saturation, float value) => SKColor.FromHsv(hue, saturation * 100, value * 100);
}
