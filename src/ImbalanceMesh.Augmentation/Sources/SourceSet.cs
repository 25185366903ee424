using ImbalanceMesh.Imaging.Preprocessing;

namespace ImbalanceMesh.Augmentation.Sources;

/// <summary>One split of one dataset version, decoded and held in memory, ordered by sample id.</summary>
public sealed class SourceSet(IReadOnlyList<string> classes, long[] ids, int[] labels, SourceImage[] images)
{
    public IReadOnlyList<string> Classes { get; } = classes;
    public long[] Ids { get; } = ids;
    public int[] Labels { get; } = labels;
    public SourceImage[] Images { get; } = images;
    public long Bytes { get; } = images.Sum(i => i.Bytes);
    public int Count => Ids.Length;
    /// <summary>3 when any image is colour, else 1.</summary>
    public int Channels => Images.Any(i => i.Channels == 3) ? 3 : 1;
}
