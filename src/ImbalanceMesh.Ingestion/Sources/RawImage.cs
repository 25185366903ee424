using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Ingestion.Importing;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Storage;

namespace ImbalanceMesh.Ingestion.Sources;

/// <summary>Raw records (IDX, CIFAR) become PNG files when the import reads them, so every stored blob is a real file.</summary>
public static class RawImage
{
    public static ImportItem Item(string className, string source, int width, int height, int channels, Func<byte[]> pixels) =>
        new(className, source, null, () => PngWriter.Encode(width, height, channels, pixels()));

    /// <summary>A file's bytes, gunzipped when it starts with the gzip magic; refuses more than maxBytes after unpacking.</summary>
    public static byte[] ReadMaybeGzip(string path, long maxBytes, AllowedRoots roots)
    {
        using var file = ContainedFile.OpenRead(roots, path);
        var magic = new byte[2];
        var isGzip = file.Read(magic) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        file.Position = 0;
        if (!isGzip)
        {
            if (file.Length > maxBytes) throw TooLarge(path, maxBytes);
            var bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            return bytes;
        }
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var memory = new MemoryStream();
        var buffer = new byte[1 << 16];
        int read;
        try
        {
            while ((read = gzip.Read(buffer)) > 0)
            {
                if (memory.Length + read > maxBytes) throw TooLarge(path, maxBytes);
                memory.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw MeshException.Invalid($"'{Path.GetFileName(path)}' is not a valid gzip file: {e.Message}");
        }
        return memory.ToArray();
    }

    private static MeshException TooLarge(string path, long maxBytes) =>
        MeshException.Exhausted($"'{Path.GetFileName(path)}' holds more than {maxBytes:N0} bytes, the limit for one IDX/CIFAR file.");
}
