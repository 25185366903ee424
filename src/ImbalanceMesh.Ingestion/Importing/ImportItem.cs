namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>
/// One file offered to an import: its class, the name it is reported under, its length when known up front (so an
/// oversized file is refused without reading it) and how to get its bytes. Read may throw IOException.
/// </summary>
public sealed record ImportItem(string ClassName, string Source, long? KnownLength, Func<byte[]> Read)
{
    public static ImportItem FromBytes(string className, string source, byte[] bytes) =>
        new(className, source, bytes.Length, () => bytes);

    /// <summary>A file that was refused before it could be offered (e.g. it lies outside every class folder).</summary>
    public string? PreRejection { get; init; }
}
