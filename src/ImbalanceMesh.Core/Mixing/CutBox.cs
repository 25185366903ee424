namespace ImbalanceMesh.Core.Mixing;

/// <summary>A rectangle of the partner image pasted into a sample (pixels, top-left origin, clipped to the image).</summary>
public readonly record struct CutBox(int X, int Y, int Width, int Height)
{
    public int Area => Width * Height;

    /// <summary>
    /// Yun et al. 2019: a box of side ratio √(1−λ) centred uniformly at random, clipped to the image; λ is then
    /// corrected to the share of the image that was NOT pasted over.
    /// </summary>
    public static (CutBox Box, double Lambda) FromLambda(double lambda, int height, int width, Random rng)
    {
        var ratio = Math.Sqrt(1 - lambda);
        var cutW = (int)(width * ratio);
        var cutH = (int)(height * ratio);
        var cx = rng.Next(width);
        var cy = rng.Next(height);
        var x0 = Math.Clamp(cx - cutW / 2, 0, width);
        var y0 = Math.Clamp(cy - cutH / 2, 0, height);
        var x1 = Math.Clamp(cx + cutW / 2, 0, width);
        var y1 = Math.Clamp(cy + cutH / 2, 0, height);
        var box = new CutBox(x0, y0, x1 - x0, y1 - y0);
        return (box, 1 - (double)box.Area / (width * height));
    }
}
