using ImbalanceMesh.Core.Batches;

namespace ImbalanceMesh.Training.Loop;

/// <summary>A decoded batch: the header fields plus pixels already normalised to float NCHW.</summary>
public sealed record PreparedBatch(MeshBatch Batch, float[] Pixels)
{
    public static PreparedBatch Decode(ReadOnlySpan<byte> data)
    {
        var batch = BatchFormat.Read(data);
        return new PreparedBatch(batch, batch.NormalizedPixels());
    }
}
