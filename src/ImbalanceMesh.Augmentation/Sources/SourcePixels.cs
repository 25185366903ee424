namespace ImbalanceMesh.Augmentation.Sources;

/// <summary>
/// One sample's decoded pixels as Ingestion stores them: interleaved HWC uint8, 1 (grey) or 3 (RGB) channels; the
/// bytes of the received message's field, not a copy of them.
/// </summary>
public sealed record SourcePixels(int Width, int Height, int Channels, ReadOnlyMemory<byte> Hwc)
{
    public long Bytes => Hwc.Length;
}
