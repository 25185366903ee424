using System.Collections.Concurrent;
using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Ingestion.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace ImbalanceMesh.Ingestion.Storage;

/// <summary>
/// Content storage: append-only pack files under DataRoot/packs, one per import, addressed through the catalog's
/// blobs table (SHA-256 → pack, offset). One sequential file per import instead of one file per image is what makes
/// imports and streaming fast; a pack is immutable once the seal references it. At start-up, packs no sealed version
/// references (left by a killed import) are deleted.
/// </summary>
public sealed class PackStore : IDisposable
{
    public const string Extension = ".pack";

    private readonly string _folder;
    private readonly ConcurrentDictionary<string, SafeFileHandle> _open = new(StringComparer.Ordinal);

    public PackStore(Catalog catalog, IOptions<IngestionOptions> options)
    {
        _folder = Path.Combine(options.Value.FullDataRoot, "packs");
        Directory.CreateDirectory(_folder);
        var referenced = catalog.ReferencedPacks();
        foreach (var file in Directory.EnumerateFiles(_folder, "*" + Extension))
            if (!referenced.Contains(Path.GetFileNameWithoutExtension(file))) File.Delete(file);
        LegacyBlobMigration.Run(catalog, this, options.Value.FullDataRoot, new ImageDecoder(options.Value.Limits));
    }

    public PackWriter StartPack() => new(_folder);

    public void Dispose()
    {
        foreach (var handle in _open.Values) handle.Dispose();
    }

    /// <summary>Throws IOException when the pack is missing or shorter than the catalog says.</summary>
    public byte[] Read(string pack, long offset, int length)
    {
        var handle = _open.GetOrAdd(pack, name =>
            File.OpenHandle(Path.Combine(_folder, name + Extension), FileMode.Open, FileAccess.Read, FileShare.Read));
        var bytes = new byte[length];
        for (var read = 0; read < length;)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), offset + read);
            if (n == 0) throw new EndOfStreamException($"pack {pack} ends at byte {offset + read:N0}, before the stored content does");
            read += n;
        }
        return bytes;
    }
}
