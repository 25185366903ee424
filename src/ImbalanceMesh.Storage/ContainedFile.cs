using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ImbalanceMesh.Storage;

/// <summary>
/// Opens files for reading only inside <see cref="AllowedRoots"/>. The path is resolved and checked first; after the
/// open, the file the descriptor really refers to (/proc/self/fd) is checked again, so a link swapped in between the
/// check and the open is refused before a byte is read. Only regular files are read: a pipe, socket or device is refused
/// instead of blocking the reader for ever (the open itself does not wait, O_NONBLOCK).
/// </summary>
public static class ContainedFile
{
    private const int OpenFlags = 0x800 /* O_RDONLY | O_NONBLOCK */ | 0x80000 /* O_CLOEXEC */;

    /// <exception cref="PathDeniedException">The path leads outside the roots or into a loop of links.</exception>
    /// <exception cref="IOException">The file cannot be opened or is not a regular file.</exception>
    public static FileStream OpenRead(AllowedRoots roots, string path)
    {
        var checkedPath = roots.Resolve(path);
        if (!checkedPath.IsAllowed) throw new PathDeniedException(checkedPath.Rejection!);
        var descriptor = Open(checkedPath.RealPath, OpenFlags);
        if (descriptor < 0) throw new IOException($"'{path}' cannot be opened: {Marshal.GetLastPInvokeErrorMessage()}");
        var stream = new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Read, bufferSize: 0);
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw new IOException($"'{path}' is not a regular file (a pipe, socket or device)");
        }
        var opened = new FileInfo($"/proc/self/fd/{descriptor}").LinkTarget;
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

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
