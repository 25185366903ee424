using Grpc.Core;
using ImbalanceMesh.Augmentation.Plans;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Preprocessing;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Augmentation.Sources;

/// <summary>Pulls a split's decoded pixels from Ingestion.StreamSamples, once.</summary>
public sealed class SourceLoader(IngestionService.IngestionServiceClient ingestion)
{
    public async Task<SourceSet> LoadAsync(SourceKey key, long byteLimit, CancellationToken cancellationToken)
    {
        var call = ingestion.StreamSamples(new StreamSamplesRequest
        {
            Dataset = new DatasetRef { Dataset = key.Dataset, Version = key.Version },
            Split = key.Split,
            Format = SampleFormat.Pixels,
        }, cancellationToken: cancellationToken);
        var classes = new List<string>();
        var samples = new List<(long Id, int Label, SourceImage Image)>();
        long bytes = 0;
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (chunk.Classes.Count > 0) classes = chunk.Classes.ToList();
            foreach (var s in chunk.Samples)
            {
                var image = SourceImage.FromHwc(s.Width, s.Height, s.Channels, s.Data.Span);
                bytes += image.Bytes;
                if (bytes > byteLimit)
                {
                    foreach (var loaded in samples) loaded.Image.Dispose();
                    image.Dispose();
                    throw MeshException.Exhausted($"{key.Dataset} v{key.Version} {key.Split} needs more than the {byteLimit:N0} bytes of decoded " +
                                               "source memory this service may use; raise Augmentation:SourceMemoryBytes.");
                }
                samples.Add((s.Id, s.ClassIndex, image));
            }
        }
        samples.Sort((a, b) => a.Id.CompareTo(b.Id));
        return new SourceSet(classes, samples.Select(s => s.Id).ToArray(), samples.Select(s => s.Label).ToArray(),
            samples.Select(s => s.Image).ToArray());
    }
}
