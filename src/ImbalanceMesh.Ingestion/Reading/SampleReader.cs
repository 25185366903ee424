using Google.Protobuf;
using System.Threading.Channels;
using ImbalanceMesh.Ingestion.Storage;
using ImbalanceMesh.ServiceDefaults.Errors;
using Proto = ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Ingestion.Reading;

/// <summary>
/// Turns catalog samples into wire samples — the decoded HWC uint8 pixels or the original file bytes, both read from
/// the packs as stored at import — and cuts them into chunks of at most N samples and about 128 KB. Reading the
/// catalog, reading the packs and building the next chunks run while the current chunk is sent.
/// </summary>
public sealed class SampleReader(PackStore packs)
{
    public const int DefaultSamplesPerChunk = 64;
    public const int MaxSamplesPerChunk = 4096;
    /// <summary>
    /// Measured (docs/BENCHMARKS.md): 3 MB messages streamed 64 px pixels at 170 MB/s, 128 KB ones at 450 MB/s — a large
    /// message needs large-object-heap buffers at both ends of the call.
    /// </summary>
    public const long ChunkByteBudget = 128 * 1024;
    private const long MaxGapBytes = 16 * 1024;
    private const long MaxRunBytes = 80 * 1024;
    private const int ChunksAhead = 4;

    public async Task StreamAsync(VersionRecord version, IEnumerable<SampleRecord> samples, long total, Proto.SampleFormat format,
        int samplesPerChunk, Func<Proto.SampleChunk, Task> write, CancellationToken cancellationToken)
    {
        var perChunk = samplesPerChunk <= 0 ? DefaultSamplesPerChunk : Math.Min(samplesPerChunk, MaxSamplesPerChunk);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var chunks = Channel.CreateBounded<Proto.SampleChunk>(ChunksAhead);
        var producer = Task.Run(() => ProduceAsync(version, samples, format, perChunk, chunks.Writer, stop.Token), stop.Token);
        try
        {
            var first = true;
            await foreach (var chunk in chunks.Reader.ReadAllAsync(stop.Token))
            {
                if (first)
                {
                    chunk.Total = total;
                    chunk.Classes.AddRange(version.Classes);
                    first = false;
                }
                await write(chunk);
            }
        }
        finally
        {
            await stop.CancelAsync();
        }
        await producer;
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

    private async Task ProduceAsync(VersionRecord version, IEnumerable<SampleRecord> samples, Proto.SampleFormat format,
        int perChunk, ChannelWriter<Proto.SampleChunk> chunks, CancellationToken cancellationToken)
    {
        try
        {
            var pending = new List<SampleRecord>(perChunk);
            long bytes = 0;
            var sent = false;
            foreach (var sample in samples)
            {
                var size = Region(sample.Location, format).Length;
                if (pending.Count > 0 && (pending.Count == perChunk || bytes + size > ChunkByteBudget))
                {
                    await chunks.WriteAsync(Build(version, pending, format), cancellationToken);
                    (pending, bytes, sent) = (new List<SampleRecord>(perChunk), 0, true);
                }
                pending.Add(sample);
                bytes += size;
            }
            // The last chunk, or the one empty chunk of an empty stream: it still carries the classes and total.
            if (pending.Count > 0 || !sent) await chunks.WriteAsync(Build(version, pending, format), cancellationToken);
            chunks.Complete();
        }
        catch (Exception e)
        {
            chunks.Complete(e);
        }
    }

    private Proto.SampleChunk Build(VersionRecord version, List<SampleRecord> samples, Proto.SampleFormat format)
    {
        var chunk = new Proto.SampleChunk();
        for (int start = 0, end; start < samples.Count; start = end)
        {
            end = start + 1;
            while (end < samples.Count && ShortlyFollows(samples[start].Location, samples[end - 1].Location, samples[end].Location)) end++;
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
        var gap = next.Offset - previous.End;
        return next.Pack == previous.Pack && gap is >= 0 and <= MaxGapBytes && next.End - first.Offset <= MaxRunBytes;
    }

    /// <summary>Where the bytes a request asks for lie: the original file's or the decoded pixels.</summary>
    private static (long Offset, int Length) Region(BlobLocation location, Proto.SampleFormat format) =>
        format == Proto.SampleFormat.Original ? (location.Offset, location.Length) : (location.PixelsOffset, location.PixelsLength);

    /// <summary>Samples [start, end) lie in order in one pack: one read serves them all.</summary>
    private void AddRun(VersionRecord version, IReadOnlyList<SampleRecord> samples, int start, int end, Proto.SampleFormat format,
        ICollection<Proto.Sample> wire)
    {
        var (first, last) = (samples[start].Location, samples[end - 1].Location);
        byte[] run;
        try
        {
            run = packs.Read(first.Pack, first.Offset, checked((int)(last.End - first.Offset)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var ids = end - start == 1 ? $"sample {samples[start].Id}" : $"samples {samples[start].Id}–{samples[end - 1].Id}";
            throw MeshException.DataLoss($"The stored content of {ids} cannot be read: {e.Message}");
        }
        for (var i = start; i < end; i++)
        {
            var sample = samples[i];
            var (offset, length) = Region(sample.Location, format);
            var data = run.AsMemory((int)(offset - first.Offset), length);
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
}
