namespace ImbalanceMesh.AppHost.Publishing;

/// <summary>Writes a file through a temporary sibling and a rename, so a reader never sees half of it.</summary>
public static class AtomicFile
{
    /// <param name="ownerOnly">The file holds secrets: only its owner may read it.</param>
    public static void Write(string path, string content, bool ownerOnly = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(temp, options)) writer.Write(content);
        File.Move(temp, path, overwrite: true);
    }
}
