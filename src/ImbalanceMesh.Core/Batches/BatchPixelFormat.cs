namespace ImbalanceMesh.Core.Batches;

public enum BatchPixelFormat : byte
{
    /// <summary>Raw 0..255 values; normalise with <see cref="PixelNormalization"/> and the header's mean/std.</summary>
    UInt8 = 1,
    /// <summary>IEEE half floats, already normalised with the header's mean/std.</summary>
    Float16 = 2,
}
