namespace ImbalanceMesh.Storage;

/// <summary>
/// Opens files for reading only inside <see cref="AllowedRoots"/>. The path is resolved and checked first; after the
/// open, the file the descriptor really refers to (/proc/self/fd) is checked again, so a link swapped in between the
/// check and the open is refused before a byte is read.
/// </summary>
public static class ContainedFile
{
    /// <exception cref="PathDeniedException">The path leads outside the roots or into a loop of links.</exception>
    public static FileStream OpenRead(AllowedRoots roots, string path)
    {
        var checkedPath = roots.Resolve(path);
        if (!checkedPath.IsAllowed) throw new PathDeniedException(checkedPath.Rejection!);
        var stream = new FileStream(checkedPath.RealPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var opened = new FileInfo($"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}").LinkTarget;
        if (opened is null || roots.Resolve(opened).IsAllowed) return stream;
        stream.Dispose();
        throw new PathDeniedException($"outside-allowed-roots: '{path}' was replaced by a link to '{opened}' while it was opened");
    }

    public static byte[] ReadAllBytes(AllowedRoots roots, string path)
    {
        using var stream = OpenRead(roots, path);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
