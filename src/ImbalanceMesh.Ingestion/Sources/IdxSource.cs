using System.Buffers.Binary;
using ImbalanceMesh.Ingestion.Importing;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Storage;

namespace ImbalanceMesh.Ingestion.Sources;

/// <summary>
/// MNIST-layout IDX files: an idx3-ubyte image file (magic 0x00000803, count, rows, cols) and an idx1-ubyte label file
/// (magic 0x00000801, count), plain or gzipped. Label L is class names[L]; without names, "0".."k-1" zero-padded.
/// </summary>
public static class IdxSource
{
    public const long MaxFileBytes = 1L << 30;

    public static (IReadOnlyList<ImportItem> Items, IReadOnlyList<string> Classes) Read(string imagesPath, string labelsPath,
        IReadOnlyList<string> classNames, AllowedRoots roots)
    {
        var images = Load(imagesPath, roots);
        var labels = Load(labelsPath, roots);
        var (count, rows, cols) = ImageHeader(images, imagesPath);
        var labelCount = LabelHeader(labels, labelsPath);
        if (labelCount != count)
            throw MeshException.Invalid($"'{Path.GetFileName(imagesPath)}' has {count} images but '{Path.GetFileName(labelsPath)}' has {labelCount} labels.");
        var labelValues = labels.AsSpan(8, count).ToArray();
        var names = classNames.Count > 0 ? classNames : ClassNames.Numbered(labelValues.Length == 0 ? 0 : labelValues.Max() + 1);
        for (var i = 0; i < labelValues.Length; i++)
            if (labelValues[i] >= names.Count)
                throw MeshException.Invalid($"Label {labelValues[i]} of record {i} has no class name: {names.Count} names were given.");
        var fileName = Path.GetFileName(imagesPath);
        var size = rows * cols;
        var items = Enumerable.Range(0, count).Select(i => RawImage.Item(names[labelValues[i]], $"{fileName}#{i}", cols, rows, 1,
            () => images.AsSpan(16 + i * size, size).ToArray())).ToList();
        return (items, names);
    }

    private static byte[] Load(string path, AllowedRoots roots)
    {
        if (!File.Exists(path)) throw MeshException.NotFound($"File '{path}' does not exist on the server.");
        return RawImage.ReadMaybeGzip(path, MaxFileBytes, roots);
    }

    private static (int Count, int Rows, int Cols) ImageHeader(byte[] bytes, string path)
    {
        var name = Path.GetFileName(path);
        if (bytes.Length < 16 || BinaryPrimitives.ReadInt32BigEndian(bytes) != 0x00000803)
            throw MeshException.Invalid($"'{name}' is not an idx3-ubyte image file (magic 0x00000803: unsigned bytes, 3 dimensions).");
        var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        var rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        var cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (count < 0 || rows is < 1 or > 4096 || cols is < 1 or > 4096)
            throw MeshException.Invalid($"'{name}' declares {count} images of {rows}×{cols}, which is not a valid image file.");
        if (bytes.Length != 16 + (long)count * rows * cols)
            throw MeshException.Invalid($"'{name}' declares {count} images of {rows}×{cols} = {16 + (long)count * rows * cols:N0} bytes but holds {bytes.Length:N0} (truncated or not IDX).");
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
