using ImbalanceMesh.Ingestion.Configuration;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Ingestion.Storage;

/// <summary>
/// Content-addressed files: blobs/&lt;first two hex digits&gt;/&lt;sha256&gt;. A blob is written to a temporary file and
/// renamed into place, so a reader never sees half a blob; writing the same content twice is a no-op.
/// </summary>
public sealed class BlobStore
{
    private readonly string _root;

    public BlobStore(IOptions<IngestionOptions> options)
    {
        _root = Path.Combine(options.Value.FullDataRoot, "blobs");
        Directory.CreateDirectory(_root);
    }

    public string PathOf(string hash) => Path.Combine(_root, hash[..2], hash);

    public void Put(string hash, ReadOnlySpan<byte> bytes)
    {
        var path = PathOf(hash);
        if (File.Exists(path)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            file.Write(bytes);
        File.Move(temp, path, overwrite: true);
    }

    public byte[] Get(string hash) => File.ReadAllBytes(PathOf(hash));
}
