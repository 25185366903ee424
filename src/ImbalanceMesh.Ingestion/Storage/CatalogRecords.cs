using ImbalanceMesh.Core.Splitting;

namespace ImbalanceMesh.Ingestion.Storage;

/// <summary>A sealed dataset version as the catalog knows it. Resize: the side its images were resized to at import (0 = none).</summary>
public sealed record VersionRecord(long Id, string Dataset, int Number, string SealedUtc, SplitFractions Split, long Seed,
    long Samples, long Bytes, IReadOnlyList<string> Classes, int Resize);

/// <summary>
/// Where one content's bytes live: the original file's bytes at Offset in pack Pack, immediately followed by its
/// decoded HWC uint8 pixels (PixelsLength bytes).
/// </summary>
public sealed record BlobLocation(string Pack, long Offset, int Length, int PixelsLength)
{
    public long PixelsOffset => Offset + Length;

    /// <summary>The first byte after this content in its pack.</summary>
    public long End => PixelsOffset + PixelsLength;
}

/// <summary>One sample of a version. ClassName's index is its position in the version's ordinal-sorted classes.</summary>
public sealed record SampleRecord(long Id, string Hash, string ClassName, SplitName Split, int Width, int Height,
    int Channels, long Bytes, string Format, string Source, BlobLocation Location);
