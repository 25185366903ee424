namespace ImbalanceMesh.Storage;

/// <summary>
/// A file being written so that no reader ever sees it half-written: the bytes go to a fresh temp file in the target's
/// folder; <see cref="Commit"/> flushes them to the disk (fsync) and renames the temp file over the target. Disposed
/// without a commit (an exception, a cancellation), the temp file is deleted. A rename never follows a link at the target.
/// </summary>
public sealed class PendingFile : IDisposable, IAsyncDisposable
{
    private const string TempSuffix = ".tmp";

    private bool _committed;

    private PendingFile(string folder)
    {
        Directory.CreateDirectory(folder);
        TempPath = Path.Combine(folder, $".{Guid.NewGuid():N}{TempSuffix}");
        Stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
    }

    /// <summary>A pending file for a target in <paramref name="folder"/> (created if missing), named when committed.</summary>
    public static PendingFile In(string folder) => new(Path.GetFullPath(folder));

    /// <summary>A pending file for <paramref name="path"/>.</summary>
    public static PendingFile For(string path) => In(Path.GetDirectoryName(Path.GetFullPath(path))!);

    /// <summary>Deletes the temp files under folder that writes killed before their commit left; returns their paths.</summary>
    public static IReadOnlyList<string> DeleteLeftovers(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var leftovers = Directory.GetFiles(folder, "*" + TempSuffix, SearchOption.AllDirectories);
        foreach (var file in leftovers) File.Delete(file);
        return leftovers;
    }

    public string TempPath { get; }

    public FileStream Stream { get; }

    /// <param name="path">The target, in the folder this was created in (a rename does not cross file systems).</param>
    public void Commit(string path)
    {
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(TempPath, path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed) File.Delete(TempPath);
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        if (!_committed) File.Delete(TempPath);
    }
}
