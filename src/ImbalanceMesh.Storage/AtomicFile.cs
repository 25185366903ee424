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

    /// <summary>UTF-8 text; <paramref name="ownerOnly"/> for secrets: the file is readable by its owner alone from the first byte.</summary>
    public static void Write(string path, string text, bool ownerOnly = false)
    {
        using var file = PendingFile.For(path);
        if (ownerOnly && !OperatingSystem.IsWindows()) File.SetUnixFileMode(file.TempPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        file.Stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
        file.Commit(path);
    }

    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await using var file = PendingFile.For(path);
        await file.Stream.WriteAsync(bytes, cancellationToken);
        file.Commit(path);
    }
}
