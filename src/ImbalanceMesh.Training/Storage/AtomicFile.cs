namespace ImbalanceMesh.Training.Storage;

/// <summary>Whole-file writes that are never seen half-written: write a temp file next to the target, flush, rename.</summary>
public static class AtomicFile
{
    private const string TempSuffix = ".tmp";

    /// <summary>Deletes the temp files under folder that writes killed before their rename left; returns their paths.</summary>
    public static IReadOnlyList<string> DeleteLeftovers(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var leftovers = Directory.GetFiles(folder, "*" + TempSuffix, SearchOption.AllDirectories);
        foreach (var file in leftovers) File.Delete(file);
        return leftovers;
    }

    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}{TempSuffix}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
