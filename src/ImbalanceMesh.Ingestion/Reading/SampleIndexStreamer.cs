using ImbalanceMesh.Core.Splitting;
using ImbalanceMesh.Ingestion.Storage;
using Proto = ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Ingestion.Reading;

/// <summary>StreamSampleIndex: a split's (id, class index) pairs in id order, packed, without touching the packs.</summary>
public sealed class SampleIndexStreamer(Catalog catalog)
{
    public const int SamplesPerChunk = 16_384;

    public async Task StreamAsync(VersionRecord version, SplitName? split, Func<Proto.SampleIndexChunk, Task> write,
        CancellationToken cancellationToken)
    {
        var (total, maxPixelBytes, channels) = catalog.SplitShape(version.Id, split);
        var classIndex = version.Classes.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);
        var chunk = new Proto.SampleIndexChunk
        {
            Classes = { version.Classes }, Total = total, MaxPixelBytes = maxPixelBytes, Channels = channels >= 3 ? 3 : channels,
        };
        foreach (var (id, className) in catalog.EnumerateIndex(version.Id, split))
        {
            if (chunk.Ids.Count == SamplesPerChunk)
            {
                await write(chunk);
                chunk = new Proto.SampleIndexChunk();
            }
            cancellationToken.ThrowIfCancellationRequested();
            chunk.Ids.Add(id);
            chunk.ClassIndices.Add(classIndex.GetValueOrDefault(className, -1));
        }
        await write(chunk);
    }
}
