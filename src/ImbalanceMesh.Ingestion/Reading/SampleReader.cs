using Google.Protobuf;
using Grpc.Core;
using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Ingestion.Configuration;
using ImbalanceMesh.Ingestion.Storage;
using Microsoft.Extensions.Options;
using Proto = ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Ingestion.Reading;

/// <summary>
/// Turns catalog samples into wire samples — decoded HWC uint8 pixels or the stored file bytes — and cuts a list of
/// them into chunks of at most N samples and about 3 MB. The next chunk is prepared while the current one is sent.
/// </summary>
public sealed class SampleReader(BlobStore blobs, IOptions<IngestionOptions> options)
{
    public const int DefaultSamplesPerChunk = 64;
    public const int MaxSamplesPerChunk = 4096;
    public const long ChunkByteBudget = 3L * 1024 * 1024;

    private readonly ImageDecoder _decoder = new(options.Value.Limits);

    public async Task StreamAsync(VersionRecord version, IReadOnlyList<SampleRecord> samples, Proto.SampleFormat format,
        int samplesPerChunk, Func<Proto.SampleChunk, Task> write, CancellationToken cancellationToken)
    {
        var perChunk = samplesPerChunk <= 0 ? DefaultSamplesPerChunk : Math.Min(samplesPerChunk, MaxSamplesPerChunk);
        var ranges = Chunks(samples, format, perChunk);
        if (ranges.Count == 0)
        {
            var empty = new Proto.SampleChunk { Total = 0 };
            empty.Classes.AddRange(version.Classes);
            await write(empty);
            return;
        }
        var next = Task.Run(() => Build(version, samples, ranges[0], format), cancellationToken);
        for (var i = 0; i < ranges.Count; i++)
        {
            var chunk = await next;
            if (i + 1 < ranges.Count)
            {
                var range = ranges[i + 1];
                next = Task.Run(() => Build(version, samples, range, format), cancellationToken);
            }
            if (i == 0)
            {
                chunk.Classes.AddRange(version.Classes);
                chunk.Total = samples.Count;
            }
            await write(chunk);
        }
    }

    public Proto.Sample ToWire(VersionRecord version, SampleRecord sample, Proto.SampleFormat format)
    {
        byte[] bytes;
        try
        {
            bytes = blobs.Get(sample.Hash);
        }
        catch (IOException e)
        {
            throw new RpcException(new Status(StatusCode.DataLoss, $"The stored file of sample {sample.Id} ({sample.Hash}) cannot be read: {e.Message}"));
        }
        var wire = new Proto.Sample
        {
            Id = sample.Id,
            ClassName = sample.ClassName,
            ClassIndex = ClassIndex(version, sample.ClassName),
            Split = (Proto.Split)sample.Split,
            Width = sample.Width,
            Height = sample.Height,
            Channels = sample.Channels,
            Hash = sample.Hash,
            Source = sample.Source,
            Format = sample.Format,
        };
        if (format == Proto.SampleFormat.Original)
        {
            wire.Data = UnsafeByteOperations.UnsafeWrap(bytes);
            return wire;
        }
        var decoded = _decoder.Decode(bytes);
        if (decoded.Image is not { } image)
            throw new RpcException(new Status(StatusCode.DataLoss, $"The stored file of sample {sample.Id} no longer decodes: {decoded.Reason}"));
        wire.Data = UnsafeByteOperations.UnsafeWrap(image.Pixels);
        return wire;
    }

    private static int ClassIndex(VersionRecord version, string className)
    {
        for (var i = 0; i < version.Classes.Count; i++)
            if (version.Classes[i] == className) return i;
        return -1;
    }

    private Proto.SampleChunk Build(VersionRecord version, IReadOnlyList<SampleRecord> samples, Range range, Proto.SampleFormat format)
    {
        var (offset, length) = range.GetOffsetAndLength(samples.Count);
        var wire = new Proto.Sample[length];
        Parallel.For(0, length, i => wire[i] = ToWire(version, samples[offset + i], format));
        var chunk = new Proto.SampleChunk();
        chunk.Samples.AddRange(wire);
        return chunk;
    }

    private static List<Range> Chunks(IReadOnlyList<SampleRecord> samples, Proto.SampleFormat format, int perChunk)
    {
        var ranges = new List<Range>();
        var start = 0;
        long bytes = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            var size = format == Proto.SampleFormat.Original ? samples[i].Bytes : (long)samples[i].Width * samples[i].Height * samples[i].Channels;
            if (i > start && (i - start == perChunk || bytes + size > ChunkByteBudget))
            {
                ranges.Add(start..i);
                (start, bytes) = (i, 0);
            }
            bytes += size;
        }
        if (start < samples.Count) ranges.Add(start..samples.Count);
        return ranges;
    }
}
