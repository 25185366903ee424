using SkiaSharp;

namespace ImbalanceMesh.Imaging.Augmentation;

/// <summary>The random values drawn for one image. Drawing happens in a fixed order so a seed always means the same image.</summary>
public readonly record struct AugmentationDraw(
    double RotationDegrees,
    double ShiftX,
    double ShiftY,
    double ShearDegrees,
    double ZoomX,
    double ZoomY,
    bool FlipHorizontal,
    bool FlipVertical,
    double Brightness,
    double Contrast,
    double CropX,
    double CropY)
{
    public static AugmentationDraw Sample(AugmentationSettings s, Random rng)
    {
        double Symmetric(double range) => range > 0 ? (rng.NextDouble() * 2 - 1) * range : 0;
        var rotation = Symmetric(s.RotationDegrees);
        var shiftX = Symmetric(s.WidthShift);
        var shiftY = Symmetric(s.HeightShift);
        var shear = Symmetric(s.ShearDegrees);
        var zoomX = 1 + Symmetric(s.Zoom);
        var zoomY = 1 + Symmetric(s.Zoom);
        var flipH = s.HorizontalFlip && rng.NextDouble() < 0.5;
        var flipV = s.VerticalFlip && rng.NextDouble() < 0.5;
        var brightness = 1 + Symmetric(s.Brightness);
        var contrast = 1 + Symmetric(s.Contrast);
        var cropX = rng.NextDouble();
        var cropY = rng.NextDouble();
        return new AugmentationDraw(rotation, shiftX, shiftY, shear, zoomX, zoomY, flipH, flipV, brightness, contrast, cropX, cropY);
    }

    /// <summary>
    /// Every geometric operation fused into one matrix, source pixels → target pixels: crop window → resize to the
    /// target square → flips, zoom, shear, rotation about the centre → shift.
    /// </summary>
    public SKMatrix Matrix(int sourceWidth, int sourceHeight, int size, double cropFraction)
    {
        var keep = cropFraction is > 0 and < 1 ? cropFraction : 1;
        var cropW = sourceWidth * keep;
        var cropH = sourceHeight * keep;
        var centreX = (sourceWidth - cropW) * CropX + cropW / 2;
        var centreY = (sourceHeight - cropH) * CropY + cropH / 2;
        var half = size / 2f;
        var m = SKMatrix.CreateTranslation((float)-centreX, (float)-centreY);
        m = m.PostConcat(SKMatrix.CreateScale((float)(size / cropW), (float)(size / cropH)));
        m = m.PostConcat(SKMatrix.CreateScale(FlipHorizontal ? -1 : 1, FlipVertical ? -1 : 1));
        m = m.PostConcat(SKMatrix.CreateScale((float)ZoomX, (float)ZoomY));
        m = m.PostConcat(SKMatrix.CreateSkew((float)Math.Tan(ShearDegrees * Math.PI / 180), 0));
        m = m.PostConcat(SKMatrix.CreateRotationDegrees((float)RotationDegrees));
        return m.PostConcat(SKMatrix.CreateTranslation((float)(half + ShiftX * size), (float)(half + ShiftY * size)));
    }

    /// <summary>Brightness then contrast about mid-grey, v → (b·v − 127.5)·c + 127.5, as a lookup table; null when both are 1.</summary>
    public byte[]? ColourTable()
    {
        if (Brightness == 1 && Contrast == 1) return null;
        var table = new byte[256];
        for (var v = 0; v < 256; v++) table[v] = (byte)Math.Clamp(Math.Round((Brightness * v - 127.5) * Contrast + 127.5), 0, 255);
        return table;
    }
}
