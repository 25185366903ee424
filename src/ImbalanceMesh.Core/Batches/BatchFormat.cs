using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ImbalanceMesh.Core.Batches;

/// <summary>
/// Writes and reads the binary batch format (docs/BATCH_FORMAT.md). All numbers little-endian.
/// Header (40 bytes + 8·C): magic "IMBB", u16 version, u8 pixel format, u8 reserved, i32 epoch, i32 index,
/// i32 N, i32 C, i32 H, i32 W, i32 K, i32 header length, then f32 mean[C], f32 std[C];
/// body: pixels N·C·H·W (1 or 2 bytes each), f32 soft labels N·K, i32 labels N, i64 sample ids N, f32 λ N.
/// </summary>
public static class BatchFormat
{
    public const uint Magic = 0x42424D49; // "IMBB" read as little-endian u32
    public const ushort Version = 1;
    private const int FixedHeader = 40;

    public static int HeaderLength(int channels) => FixedHeader + 8 * channels;

    /// <summary>Bytes of a batch of n images of c×h×w in this pixel format with k classes.</summary>
    public static long Length(int n, int c, int h, int w, int k, BatchPixelFormat format) =>
        HeaderLength(c) + (long)n * c * h * w * (format == BatchPixelFormat.Float16 ? 2 : 1) + 4L * n * k + 16L * n;

    public static byte[] Write(MeshBatch b)
    {
        Validate(b);
        var header = HeaderLength(b.Channels);
        var n = b.Count;
        var bytes = new byte[header + b.Pixels.Length + 4 * n * b.ClassCount + 4 * n + 8 * n + 4 * n];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], Version);
        span[6] = (byte)b.PixelFormat;
        var at = 8;
        foreach (var v in new[] { b.Epoch, b.Index, n, b.Channels, b.Height, b.Width, b.ClassCount, header })
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], v);
            at += 4;
        }
        at = WriteValues<float>(span, at, b.Mean);
        at = WriteValues<float>(span, at, b.Std);
        b.Pixels.CopyTo(span[at..]);
        at += b.Pixels.Length;
        at = WriteValues<float>(span, at, b.SoftLabels);
        at = WriteValues<int>(span, at, b.Labels);
        at = WriteValues<long>(span, at, b.SampleIds);
        WriteValues<float>(span, at, b.Lambdas);
        return bytes;
    }

    public static MeshBatch Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < FixedHeader || BinaryPrimitives.ReadUInt32LittleEndian(data) != Magic)
            throw new FormatException("not an ImbalanceMesh batch (magic IMBB missing)");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        if (version != Version) throw new FormatException($"batch format version {version} is not supported (expected {Version})");
        var format = (BatchPixelFormat)data[6];
        if (format is not (BatchPixelFormat.UInt8 or BatchPixelFormat.Float16)) throw new FormatException($"unknown pixel format {data[6]}");
        var ints = MemoryMarshal.Cast<byte, int>(data.Slice(8, 32));
        var (epoch, index, n, c, h, w, k, header) = (ints[0], ints[1], ints[2], ints[3], ints[4], ints[5], ints[6], ints[7]);
        if (n < 0 || c <= 0 || h <= 0 || w <= 0 || k <= 0 || header != HeaderLength(c))
            throw new FormatException("batch header has impossible dimensions");
        var pixelBytes = (long)n * c * h * w * (format == BatchPixelFormat.Float16 ? 2 : 1);
        var expected = Length(n, c, h, w, k, format);
        if (data.Length != expected) throw new FormatException($"batch is {data.Length} bytes, its header says {expected}");
        var at = FixedHeader;
        var mean = ReadValues<float>(data, ref at, c);
        var std = ReadValues<float>(data, ref at, c);
        var pixels = data.Slice(at, (int)pixelBytes).ToArray();
        at += (int)pixelBytes;
        var soft = ReadValues<float>(data, ref at, n * k);
        var labels = ReadValues<int>(data, ref at, n);
        var ids = ReadValues<long>(data, ref at, n);
        var lambdas = ReadValues<float>(data, ref at, n);
        return new MeshBatch(epoch, index, n, c, h, w, k, format, mean, std, pixels, soft, labels, ids, lambdas);
    }

    private static void Validate(MeshBatch b)
    {
        var n = b.Count;
        if (b.Pixels.Length != (long)n * b.ImageValues * b.BytesPerValue) throw new ArgumentException("pixels are not N×C×H×W values");
        if (b.SoftLabels.Length != n * b.ClassCount) throw new ArgumentException("soft labels are not N×K");
        if (b.Labels.Length != n || b.SampleIds.Length != n || b.Lambdas.Length != n) throw new ArgumentException("labels, ids and λ need N values each");
        if (b.Mean.Length != b.Channels || b.Std.Length != b.Channels) throw new ArgumentException("mean and std need C values each");
    }

    private static int WriteValues<T>(Span<byte> span, int at, T[] values) where T : unmanaged
    {
        var raw = MemoryMarshal.AsBytes(values.AsSpan());
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported");
        raw.CopyTo(span[at..]);
        return at + raw.Length;
    }

    private static T[] ReadValues<T>(ReadOnlySpan<byte> data, ref int at, int count) where T : unmanaged
    {
        var size = Marshal.SizeOf<T>() * count;
        var values = MemoryMarshal.Cast<byte, T>(data.Slice(at, size)).ToArray();
        at += size;
        return values;
    }
}
