using ImbalanceMesh.Ingestion.Importing;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Storage;

namespace ImbalanceMesh.Ingestion.Sources;

/// <summary>
/// CIFAR-10 / CIFAR-100 binary batches: records of &lt;label&gt; (CIFAR-10) or &lt;coarse&gt;&lt;fine&gt; (CIFAR-100)
/// followed by 1024 red, 1024 green and 1024 blue bytes of a 32×32 image. The kind is detected from the file size
/// unless given. Class names: the request's, else the dataset's meta file next to the batch (batches.meta.txt,
/// fine_label_names.txt, coarse_label_names.txt), else the CIFAR-10 names or zero-padded numbers for CIFAR-100.
/// </summary>
public static class CifarSource
{
    public const int Side = 32;
    public const int PixelBytes = Side * Side * 3;

    public static readonly IReadOnlyList<string> Cifar10Names =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public static (IReadOnlyList<ImportItem> Items, bool IsCifar100) Read(IReadOnlyList<string> paths, bool? cifar100,
        IReadOnlyList<string> classNames, bool coarse, AllowedRoots roots)
    {
        if (paths.Count == 0) throw MeshException.Invalid("Give at least one CIFAR binary batch file.");
        var files = paths.Select(p => File.Exists(p) ? p : throw MeshException.NotFound($"File '{p}' does not exist on the server.")).ToList();
        var is100 = cifar100 ?? Detect(files[0]);
        var names = classNames.Count > 0 ? classNames : DefaultNames(files[0], is100, coarse, roots);
        var items = new List<ImportItem>();
        foreach (var path in files)
        {
            var bytes = RawImage.ReadMaybeGzip(path, IdxSource.MaxFileBytes, roots);
            var recordBytes = PixelBytes + (is100 ? 2 : 1);
            var name = Path.GetFileName(path);
            if (bytes.Length == 0 || bytes.Length % recordBytes != 0)
                throw MeshException.Invalid($"'{name}' has {bytes.Length:N0} bytes, not a whole number of {(is100 ? "CIFAR-100" : "CIFAR-10")} records of {recordBytes} bytes.");
            for (var r = 0; r < bytes.Length / recordBytes; r++)
            {
                var offset = r * recordBytes;
                var label = is100 ? bytes[offset + (coarse ? 0 : 1)] : bytes[offset];
                if (label >= names.Count)
                    throw MeshException.Invalid($"Record {r} of '{name}' has label {label} but only {names.Count} class names are known.");
                var pixelsAt = offset + recordBytes - PixelBytes;
                items.Add(RawImage.Item(names[label], $"{name}#{r}", Side, Side, 3, () => Interleave(bytes.AsSpan(pixelsAt, PixelBytes))));
            }
        }
        return (items, is100);
    }

    private static bool Detect(string path)
    {
        var length = new FileInfo(path).Length;
        var fits10 = length % (PixelBytes + 1) == 0;
        var fits100 = length % (PixelBytes + 2) == 0;
        if (fits10 == fits100)
            throw MeshException.Invalid($"Cannot tell from its size ({length:N0} bytes) whether '{Path.GetFileName(path)}' is CIFAR-10 or CIFAR-100; set the kind.");
        return fits100;
    }

    /// <summary>A meta file that is a link out of the allowed roots is ignored, like a missing one.</summary>
    private static IReadOnlyList<string> DefaultNames(string firstFile, bool is100, bool coarse, AllowedRoots roots)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(firstFile))!;
        var meta = roots.Resolve(Path.Combine(folder, !is100 ? "batches.meta.txt" : coarse ? "coarse_label_names.txt" : "fine_label_names.txt"));
        if (meta.IsAllowed && File.Exists(meta.RealPath))
        {
            var text = System.Text.Encoding.UTF8.GetString(ContainedFile.ReadAllBytes(roots, meta.RealPath));
            var names = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            if (names.Count > 0) return names;
        }
        return is100 ? ClassNames.Numbered(coarse ? 20 : 100) : Cifar10Names;
    }

    private static byte[] Interleave(ReadOnlySpan<byte> planes)
    {
        const int plane = Side * Side;
        var hwc = new byte[PixelBytes];
        for (var i = 0; i < plane; i++)
        {
            hwc[i * 3] = planes[i];
            hwc[i * 3 + 1] = planes[plane + i];
            hwc[i * 3 + 2] = planes[2 * plane + i];
        }
        return hwc;
    }
}
