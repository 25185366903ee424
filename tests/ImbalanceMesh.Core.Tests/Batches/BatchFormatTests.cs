using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Core.Mixing;
using Xunit;

namespace ImbalanceMesh.Core.Tests.Batches;

public class BatchFormatTests
{
    private static MeshBatch Sample(BatchPixelFormat format)
    {
        var shape = new BatchShape(3, 2, 2, 4, format, [0.5f, 0.4f, 0.3f], [0.2f, 0.25f, 0.5f]);
        var pixels = Enumerable.Range(0, 2 * 12).Select(i => (byte)(i * 10)).ToArray();
        var decisions = new[] { new MixDecision(MixKind.Mixup, 1, 0.7, default), MixDecision.Unmixed(1) };
        return BatchAssembler.Assemble(3, 9, shape, pixels, [2, 0], [101, 77], decisions, 0);
    }

    [Theory]
    [InlineData(BatchPixelFormat.UInt8)]
    [InlineData(BatchPixelFormat.Float16)]
    public void Length_is_the_size_of_the_written_batch(BatchPixelFormat format) =>
        Assert.Equal(BatchFormat.Write(Sample(format)).LongLength, BatchFormat.Length(2, 3, 2, 2, 4, format));

    [Theory]
    [InlineData(BatchPixelFormat.UInt8)]
    [InlineData(BatchPixelFormat.Float16)]
    public void Write_then_read_round_trips_every_field(BatchPixelFormat format)
    {
        var batch = Sample(format);
        var bytes = BatchFormat.Write(batch);
        var back = BatchFormat.Read(bytes);
        Assert.Equal((3, 9, 2, 3, 2, 2, 4, format), (back.Epoch, back.Index, back.Count, back.Channels, back.Height, back.Width, back.ClassCount, back.PixelFormat));
        Assert.Equal(batch.Pixels, back.Pixels);
        Assert.Equal(batch.SoftLabels, back.SoftLabels);
        Assert.Equal([2, 0], back.Labels);
        Assert.Equal([101L, 77L], back.SampleIds);
        Assert.Equal([0.7f, 1f], back.Lambdas);
        Assert.Equal(batch.Mean, back.Mean);
        Assert.Equal(batch.Std, back.Std);
        Assert.Equal(BatchFormat.HeaderLength(3) + 2 * 12 * (format == BatchPixelFormat.Float16 ? 2 : 1) + 2 * 4 * 4 + 2 * (4 + 8 + 4), bytes.Length);
        Assert.Equal("IMBB"u8.ToArray(), bytes[..4]);
    }

    [Fact]
    public void Float16_pixels_equal_the_normalised_uint8_pixels()
    {
        var u8 = Sample(BatchPixelFormat.UInt8).NormalizedPixels();
        var f16 = Sample(BatchPixelFormat.Float16).NormalizedPixels();
        Assert.Equal(u8.Length, f16.Length);
        for (var i = 0; i < u8.Length; i++) Assert.Equal(u8[i], f16[i], Math.Abs(u8[i]) * 1e-3 + 1e-3);
    }

    [Fact]
    public void Corrupt_or_truncated_data_is_refused()
    {
        var bytes = BatchFormat.Write(Sample(BatchPixelFormat.UInt8));
        Assert.Throws<FormatException>(() => BatchFormat.Read(bytes[..^1]));
        var wrongMagic = bytes.ToArray();
        wrongMagic[0] = (byte)'X';
        Assert.Throws<FormatException>(() => BatchFormat.Read(wrongMagic));
        var wrongVersion = bytes.ToArray();
        wrongVersion[4] = 9;
        Assert.Throws<FormatException>(() => BatchFormat.Read(wrongVersion));
    }

    [Fact]
    public void Normalisation_is_x_over_255_minus_mean_over_std_per_channel()
    {
        byte[] nchw = [0, 255, 51, 102, 0, 255, 51, 102]; // N=2, C=2, H×W=2
        var values = PixelNormalization.Normalize(nchw, 2, 2, [0.5f, 0.2f], [0.5f, 0.1f]);
        Assert.Equal([-1f, 1f, (0.2f - 0.2f) / 0.1f, (0.4f - 0.2f) / 0.1f, -1f, 1f, 0f, 2f], values, new ToleranceComparer(1e-5f));
        Assert.Throws<ArgumentException>(() => PixelNormalization.Normalize(nchw, 3, 2, [0f, 0f, 0f], [1f, 1f, 1f]));
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
