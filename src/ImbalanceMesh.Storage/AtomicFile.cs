namespace ImbalanceMesh.Storage;

/// <summary>Whole-file writes through <see cref="PendingFile"/>: the file is either the old one or the complete new one.</summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        using var file = PendingFile.For(path);
        file.Stream.Write(bytes);
        file.Commit(path);
    }

    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await using var file = PendingFile.For(path);
        await file.Stream.WriteAsync(bytes, cancellationToken);
        file.Commit(path);
    }
}
