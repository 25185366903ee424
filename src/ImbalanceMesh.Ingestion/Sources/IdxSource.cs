using System.Buffers.Binary;
using System.IO.Compression;
using ImbalanceMesh.Ingestion.Importing;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Storage;

namespace ImbalanceMesh.Ingestion.Sources;

/// <summary>
/// MNIST-layout IDX files: an idx3-ubyte image file (magic 0x00000803, count, rows, cols) and an idx1-ubyte label file
/// (magic 0x00000801, count), plain or gzipped. Label L is class names[L]; without names, "0".."k-1" zero-padded.
/// The label file is read whole (one byte a record); the image file is streamed record by record as the import takes
/// them, so a million-image file costs one record's memory, not the file's.
/// </summary>
public static class IdxSource
{
    /// <summary>The most bytes of one label file, or of one CIFAR file, which are read whole.</summary>
    public const long MaxFileBytes = 1L << 30;
    /// <summary>The most bytes of one (unpacked) image file, which is streamed.</summary>
    public const long MaxImageFileBytes = 32L << 30;

    /// <summary>The records as import items (read when enumerated), how many there are, and the class names.</summary>
    public static (IEnumerable<ImportItem> Items, int Count, IReadOnlyList<string> Classes) Read(string imagesPath, string labelsPath,
        IReadOnlyList<string> classNames, AllowedRoots roots)
    {
        if (!File.Exists(imagesPath)) throw MeshException.NotFound($"File '{imagesPath}' does not exist on the server.");
        if (!File.Exists(labelsPath)) throw MeshException.NotFound($"File '{labelsPath}' does not exist on the server.");
        var labels = RawImage.ReadMaybeGzip(labelsPath, MaxFileBytes, roots);
        var labelCount = LabelHeader(labels, labelsPath);
        var (count, rows, cols) = ReadImageHeader(imagesPath, roots);
        if (labelCount != count)
            throw MeshException.Invalid($"'{Path.GetFileName(imagesPath)}' has {count} images but '{Path.GetFileName(labelsPath)}' has {labelCount} labels.");
        var labelValues = labels.AsSpan(8, count).ToArray();
        var names = classNames.Count > 0 ? classNames : ClassNames.Numbered(labelValues.Length == 0 ? 0 : labelValues.Max() + 1);
        for (var i = 0; i < labelValues.Length; i++)
            if (labelValues[i] >= names.Count)
                throw MeshException.Invalid($"Label {labelValues[i]} of record {i} has no class name: {names.Count} names were given.");
        return (Records(imagesPath, roots, count, rows, cols, labelValues, names), count, names);
    }

    private static IEnumerable<ImportItem> Records(string path, AllowedRoots roots, int count, int rows, int cols, byte[] labels,
        IReadOnlyList<string> names)
    {
        var fileName = Path.GetFileName(path);
        var size = rows * cols;
        using var stream = Open(path, roots);
        stream.ReadExactly(new byte[16]);
        for (var i = 0; i < count; i++)
        {
            var pixels = new byte[size];
            if (ReadRecord(stream, pixels, fileName) < size)
                throw MeshException.Invalid($"'{fileName}' declares {count} images of {rows}×{cols} but ends in record {i} (truncated).");
            yield return RawImage.Item(names[labels[i]], $"{fileName}#{i}", cols, rows, 1, () => pixels);
        }
        if (ReadRecord(stream, new byte[1], fileName) > 0)
            throw MeshException.Invalid($"'{fileName}' holds more bytes than the {count} images of {rows}×{cols} it declares (not IDX).");
    }

    private static int ReadRecord(Stream stream, byte[] buffer, string fileName)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw MeshException.Invalid($"'{fileName}' is not a valid gzip file: {e.Message}");
        }
    }

    /// <summary>The image file as a stream of its unpacked bytes, gunzipped when it starts with the gzip magic.</summary>
    private static Stream Open(string path, AllowedRoots roots) => Open(path, roots, out _, out _);

    private static Stream Open(string path, AllowedRoots roots, out bool isGzip, out long fileLength)
    {
        var file = ContainedFile.OpenRead(roots, path);
        var magic = new byte[2];
        isGzip = file.Read(magic) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        fileLength = file.Length;
        file.Position = 0;
        return new BufferedStream(isGzip ? new GZipStream(file, CompressionMode.Decompress) : file, 1 << 20);
    }

    private static (int Count, int Rows, int Cols) ReadImageHeader(string path, AllowedRoots roots)
    {
        var name = Path.GetFileName(path);
        var header = new byte[16];
        bool isGzip;
        long length;
        using (var stream = Open(path, roots, out isGzip, out length))
        {
            try
            {
                if (stream.ReadAtLeast(header, 16, throwOnEndOfStream: false) < 16 || BinaryPrimitives.ReadInt32BigEndian(header) != 0x00000803)
                    throw MeshException.Invalid($"'{name}' is not an idx3-ubyte image file (magic 0x00000803: unsigned bytes, 3 dimensions).");
            }
            catch (InvalidDataException e)
            {
                throw MeshException.Invalid($"'{name}' is not a valid gzip file: {e.Message}");
            }
        }
        var count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        var rows = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8));
        var cols = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(12));
        if (count < 0 || rows is < 1 or > 4096 || cols is < 1 or > 4096)
            throw MeshException.Invalid($"'{name}' declares {count} images of {rows}×{cols}, which is not a valid image file.");
        var declared = 16 + (long)count * rows * cols;
        if (declared > MaxImageFileBytes)
            throw MeshException.Exhausted($"'{name}' declares {declared:N0} bytes of images, more than the {MaxImageFileBytes:N0} one IDX image file may hold.");
        if (!isGzip && length != declared)
            throw MeshException.Invalid($"'{name}' declares {count} images of {rows}×{cols} = {declared:N0} bytes but holds {length:N0} (truncated or not IDX).");
        return (count, rows, cols);
    }

    private static int LabelHeader(byte[] bytes, string path)
    {
        var name = Path.GetFileName(path);
        if (bytes.Length < 8 || BinaryPrimitives.ReadInt32BigEndian(bytes) != 0x00000801)
            throw MeshException.Invalid($"'{name}' is not an idx1-ubyte label file (magic 0x00000801).");
        var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (count < 0 || bytes.Length != 8 + (long)count)
            throw MeshException.Invalid($"'{name}' declares {count} labels but holds {bytes.Length - 8:N0} bytes of labels.");
        return count;
    }
}
