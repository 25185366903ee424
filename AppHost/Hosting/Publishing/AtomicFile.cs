namespace ImbalanceMesh.AppHost.Hosting.Publishing;

/// <summary>Writes a file through a temporary sibling and a rename, so a reader never sees half of it.</summary>
public static class AtomicFile
{
    public static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
