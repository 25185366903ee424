using Google.Protobuf;
using Grpc.Core;
using ImbalanceMesh.Ingestion.Storage;
using Proto = ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Ingestion.Reading;

/// <summary>
/// Turns catalog samples into wire samples — the decoded HWC uint8 pixels or the original file bytes, both read from
/// the packs as stored at import — and cuts a list of them into chunks of at most N samples and about 3 MB. The next
/// chunk is prepared while the current one is sent.
/// </summary>
public sealed class SampleReader(PackStore packs)
{
    public const int DefaultSamplesPerChunk = 64;
    public const int MaxSamplesPerChunk = 4096;
    public const long ChunkByteBudget = 3L * 1024 * 1024;
    private const long MaxGapBytes = 16 * 1024;
    private const long MaxRunBytes = 80 * 1024;

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
        var wire = new List<Proto.Sample>(1);
        AddRun(version, [sample], 0, 1, format, wire);
        return wire[0];
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
        var chunk = new Proto.SampleChunk();
        for (int start = offset, end; start < offset + length; start = end)
        {
            end = start + 1;
            while (end < offset + length && ShortlyFollows(samples[start].Location, samples[end - 1].Location, samples[end].Location)) end++;
            AddRun(version, samples, start, end, format, chunk.Samples);
        }
        return chunk;
    }

    /// <summary>
    /// Next lies after previous in the same pack with at most a small gap (the other splits' samples usually sit
    /// between), so reading across the gap is cheaper than a second read; a run stays below the large-object size, so
    /// its buffer is a cheap short-lived allocation.
    /// </summary>
    private static bool ShortlyFollows(BlobLocation first, BlobLocation previous, BlobLocation next)
    {
        var gap = next.Offset - (previous.PixelsOffset + previous.PixelsLength);
        return next.Pack == previous.Pack && gap is >= 0 and <= MaxGapBytes
            && next.PixelsOffset + next.PixelsLength - first.Offset <= MaxRunBytes;
    }

    /// <summary>Samples [start, end) lie in order in one pack: one read serves them all.</summary>
    private void AddRun(VersionRecord version, IReadOnlyList<SampleRecord> samples, int start, int end, Proto.SampleFormat format,
        ICollection<Proto.Sample> wire)
    {
        var (first, last) = (samples[start].Location, samples[end - 1].Location);
        byte[] run;
        try
        {
            run = packs.Read(first.Pack, first.Offset, checked((int)(last.PixelsOffset + last.PixelsLength - first.Offset)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var ids = end - start == 1 ? $"sample {samples[start].Id}" : $"samples {samples[start].Id}–{samples[end - 1].Id}";
            throw new RpcException(new Status(StatusCode.DataLoss, $"The stored content of {ids} cannot be read: {e.Message}"));
        }
        for (var i = start; i < end; i++)
        {
            var (sample, at) = (samples[i], samples[i].Location);
            var data = format == Proto.SampleFormat.Original
                ? run.AsMemory((int)(at.Offset - first.Offset), at.Length)
                : run.AsMemory((int)(at.PixelsOffset - first.Offset), at.PixelsLength);
            wire.Add(new Proto.Sample
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
                Data = UnsafeByteOperations.UnsafeWrap(data),
            });
        }
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
