using ImbalanceMesh.Imaging.Decoding;
using SkiaSharp;

namespace ImbalanceMesh.Imaging.Preprocessing;

/// <summary>
/// Resize at import: a decoded image becomes Size×Size by scaling its shorter side to Size and keeping the centre
/// (torchvision's <c>Resize(N)</c> + <c>CenterCrop(N)</c>, fastai's <c>Resize(N, ResizeMethod.Crop)</c>), aspect ratio
/// kept. Drawn through <see cref="ImageRenderer"/> with high-quality sampling: trilinear mipmaps when shrinking (the
/// average of the source pixels a target pixel covers, like an antialiased resize), Mitchell cubic when enlarging.
/// Channels stay as decoded (1 grey, 3 RGB). Thread-safe: every call has its own renderer.
/// </summary>
public static class CenterCropResize
{
    public static DecodedImage Apply(DecodedImage image, int size)
    {
        if (image.Width == size && image.Height == size) return image;
        var matrix = Matrix(image.Width, image.Height, size);
        using var source = SourceImage.FromHwc(image.Width, image.Height, image.Channels, image.Pixels);
        using var renderer = new ImageRenderer(size, Sampling(matrix.ScaleX));
        var planes = new byte[image.Channels * size * size];
        renderer.Render(source, matrix, FillMode.Nearest, 0, image.Channels, planes);
        return image with { Width = size, Height = size, Pixels = ImagePreprocessor.ChwToHwc(planes, image.Channels) };
    }

    /// <summary>Source to target: the shorter side scaled to size, the longer one centred (cropped equally on both ends).</summary>
    public static SKMatrix Matrix(int width, int height, int size)
    {
        var scale = (float)size / Math.Min(width, height);
        return SKMatrix.CreateScaleTranslation(scale, scale, (size - width * scale) / 2, (size - height * scale) / 2);
    }

    private static SKSamplingOptions Sampling(float scale) => scale < 1
        ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
        : new SKSamplingOptions(SKCubicResampler.Mitchell);
}
