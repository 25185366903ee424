using System.Buffers.Binary;

namespace ImbalanceMesh.Core.Batches;

/// <summary>
/// The one pixel normalisation of the mesh, used by batch production, training and evaluation alike:
/// value = (x / 255 − mean[c]) / std[c] on uint8 NCHW data (one image is N = 1).
/// </summary>
public static class PixelNormalization
{
    /// <summary>Used when a plan gives no mean/std: maps 0..255 to −1..1 (ImageNet statistics fit few small datasets).</summary>
    public const float DefaultMean = 0.5f;
    public const float DefaultStd = 0.5f;

    /// <param name="planeLength">H × W.</param>
    public static float[] Normalize(ReadOnlySpan<byte> nchw, int channels, int planeLength, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        var result = new float[nchw.Length];
        Normalize(nchw, channels, planeLength, mean, std, result);
        return result;
    }

    public static void Normalize(ReadOnlySpan<byte> nchw, int channels, int planeLength, IReadOnlyList<float> mean,
        IReadOnlyList<float> std, Span<float> destination)
    {
        if (channels <= 0 || planeLength <= 0 || nchw.Length % (channels * planeLength) != 0)
            throw new ArgumentException($"{nchw.Length} values are not N × {channels} × {planeLength}");
        if (mean.Count != channels || std.Count != channels) throw new ArgumentException($"mean and std need {channels} values each");
        if (std.Any(s => !(s > 0))) throw new ArgumentException("std values must be > 0");
        if (destination.Length < nchw.Length) throw new ArgumentException("destination is too short", nameof(destination));
        var tables = new float[channels][];
        for (var c = 0; c < channels; c++)
        {
            tables[c] = new float[256];
            for (var v = 0; v < 256; v++) tables[c][v] = (v / 255f - mean[c]) / std[c];
        }
        for (var start = 0; start < nchw.Length; start += planeLength)
        {
            var table = tables[start / planeLength % channels];
            for (var p = start; p < start + planeLength; p++) destination[p] = table[nchw[p]];
        }
    }

    public static byte[] ToFloat16(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)values[i]);
        return bytes;
    }

    public static float[] FromFloat16(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / 2];
        FromFloat16(bytes, values);
        return values;
    }

    public static void FromFloat16(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        if (destination.Length < bytes.Length / 2) throw new ArgumentException("destination is too short", nameof(destination));
        for (var i = 0; i < bytes.Length / 2; i++) destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.Slice(i * 2));
    }
}
