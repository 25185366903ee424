using ImbalanceMesh.Imaging.Decoding;

namespace ImbalanceMesh.Ingestion.Storage;

/// <summary>
/// Data roots written before pack storage kept one file per content under blobs/&lt;2 hex&gt;/&lt;sha256&gt;. At start-up
/// those contents are copied, with their decoded pixels, into one pack and registered, so old versions keep streaming.
/// The old files are left where they are.
/// </summary>
public static class LegacyBlobMigration
{
    public static void Run(Catalog catalog, PackStore packs, string dataRoot, ImageDecoder decoder)
    {
        var missing = catalog.HashesWithoutBlob();
        if (missing.Count == 0) return;
        using var pack = packs.StartPack();
        var moved = new List<(string, BlobLocation)>(missing.Count);
        foreach (var hash in missing)
        {
            var file = Path.Combine(dataRoot, "blobs", hash[..2], hash);
            if (!File.Exists(file)) continue;
            var bytes = File.ReadAllBytes(file);
            if (decoder.Decode(bytes).Image is { } image) moved.Add((hash, pack.Append(bytes, image.Pixels)));
        }
        pack.Flush();
        catalog.AddBlobs(moved);
        pack.Keep();
    }
}
