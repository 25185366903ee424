using System.Runtime.InteropServices;
using SkiaSharp;

namespace ImbalanceMesh.Imaging.Preprocessing;

/// <summary>
/// Builds a 3×3 tiling of a raster source image — mirrored (Keras "reflect": the edge pixel repeats, abc|cba) or
/// repeated (Keras "wrap") — by copying pixels into a scratch buffer reused while sources keep the same size and
/// format. The result wraps the scratch buffer without copying: dispose it before the next Pad. Not thread-safe.
/// </summary>
internal sealed class TilePadding : IDisposable
{
    private SKBitmap? _scratch;

    public SKImage Pad(SKImage source, bool mirror)
    {
        using var pixels = source.PeekPixels() ?? throw new InvalidOperationException("reflect/wrap fill needs a raster source");
        var (w, h, bpp) = (source.Width, source.Height, pixels.BytesPerPixel);
        if (bpp is not (1 or 4)) throw new InvalidOperationException($"reflect/wrap fill supports 1 or 4 bytes per pixel, not {bpp}");
        var info = new SKImageInfo(3 * w, 3 * h, pixels.ColorType, pixels.AlphaType);
        if (_scratch is null || _scratch.Info != info)
        {
            _scratch?.Dispose();
            _scratch = new SKBitmap(info);
        }
        var from = pixels.GetPixelSpan();
        var to = _scratch.GetPixelSpan();
        var (sourceStride, paddedStride) = (pixels.RowBytes, _scratch.RowBytes);
        for (var py = 0; py < 3 * h; py++)
        {
            var row = from.Slice(Fold(py - h, h, mirror) * sourceStride, w * bpp);
            var target = to.Slice(py * paddedStride, 3 * w * bpp);
            for (var tile = 0; tile < 3; tile++)
            {
                var span = target.Slice(tile * w * bpp, w * bpp);
                row.CopyTo(span);
                if (tile == 1 || !mirror) continue;
                if (bpp == 4) MemoryMarshal.Cast<byte, uint>(span).Reverse();
                else span.Reverse();
            }
        }
        using var padded = _scratch.PeekPixels();
        return SKImage.FromPixels(padded) ?? throw new InvalidOperationException("Skia could not wrap the padded raster");
    }

    /// <summary>Source row for t ∈ [−n, 2n): mirrored about the edges (… 1 0 | 0 1 … n−1 | n−1 …) or wrapped.</summary>
    private static int Fold(int t, int n, bool mirror) => t switch
    {
        < 0 => mirror ? -t - 1 : t + n,
        _ when t >= n => mirror ? 2 * n - 1 - t : t - n,
        _ => t,
    };

    public void Dispose() => _scratch?.Dispose();
}
