using ImbalanceMesh.Core.Randomness;
using ImbalanceMesh.Imaging.Preprocessing;

namespace ImbalanceMesh.Imaging.Augmentation;

/// <summary>
/// Seeded augmentation of one image per call: the draw comes from SeedDerivation (seed, "augment", epoch, slot), all
/// geometry is one fused affine draw, colour is one lookup table, the result is uint8 CHW at the target size.
/// Not thread-safe: one per thread.
/// </summary>
public sealed class ImageAugmenter(AugmentationSettings settings, int size, int channels) : IDisposable
{
    public const string Purpose = "augment";
    private readonly ImageRenderer _renderer = new(size);

    public AugmentationSettings Settings => settings;

    public void Augment(SourceImage source, long seed, long epoch, long slot, Span<byte> destination) =>
        Augment(source, AugmentationDraw.Sample(settings, SeedDerivation.CreateRandom(seed, Purpose, epoch, slot)), destination);

    public void Augment(SourceImage source, AugmentationDraw draw, Span<byte> destination)
    {
        _renderer.Render(source, draw.Matrix(source.Width, source.Height, size, settings.CropFraction), settings.Fill,
            settings.FillValue, channels, destination);
        // Brightness/contrast as a 256-entry table on the bytes: a colour filter on the draw leaves Skia's fast path.
        if (draw.ColourTable() is { } table)
            for (var p = 0; p < destination.Length; p++) destination[p] = table[destination[p]];
    }

    public void Dispose() => _renderer.Dispose();
}
