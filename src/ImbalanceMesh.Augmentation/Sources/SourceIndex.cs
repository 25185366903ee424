namespace ImbalanceMesh.Augmentation.Sources;

/// <summary>
/// One split of one dataset version as a plan needs it to choose its samples: ids and labels in id order, no pixels
/// (12 bytes a sample). Pixels are fetched per batch through <see cref="SampleFetcher"/>.
/// </summary>
public sealed class SourceIndex(IReadOnlyList<string> classes, long[] ids, int[] labels, int channels, long maxPixelBytes)
{
    public IReadOnlyList<string> Classes { get; } = classes;
    public long[] Ids { get; } = ids;
    public int[] Labels { get; } = labels;
    /// <summary>3 when any image is colour, else 1.</summary>
    public int Channels { get; } = channels;
    /// <summary>The largest width × height × channels of one sample: what one slot of a batch may need in the pixel cache.</summary>
    public long MaxPixelBytes { get; } = maxPixelBytes;
    public int Count => Ids.Length;
    public long Bytes => Ids.Length * (sizeof(long) + sizeof(int));
}
