namespace ImbalanceMesh.Ingestion.Storage;

/// <summary>
/// Appends one import's new contents to a fresh pack file. The file is created on the first append, made durable by
/// <see cref="Flush"/> before the seal, and deleted on dispose unless <see cref="Keep"/> was called after the seal — so
/// a failed or cancelled import leaves nothing behind (a killed one leaves an orphan the next start-up deletes).
/// </summary>
public sealed class PackWriter(string folder) : IDisposable
{
    private const int BufferBytes = 1 << 20;

    private FileStream? _file;
    private bool _keep;

    public string Name { get; } = Guid.NewGuid().ToString("N");

    public BlobLocation Append(ReadOnlySpan<byte> original, ReadOnlySpan<byte> pixels)
    {
        _file ??= new FileStream(Path.Combine(folder, Name + PackStore.Extension), FileMode.CreateNew, FileAccess.Write,
            FileShare.Read, BufferBytes);
        var location = new BlobLocation(Name, _file.Position, original.Length, pixels.Length);
        _file.Write(original);
        _file.Write(pixels);
        return location;
    }

    /// <summary>Writes everything appended so far through to the disk.</summary>
    public void Flush() => _file?.Flush(flushToDisk: true);

    /// <summary>The catalog now references this pack: it stays.</summary>
    public void Keep() => _keep = true;

    public void Dispose()
    {
        if (_file is null) return;
        _file.Dispose();
        if (!_keep) File.Delete(_file.Name);
    }
}
