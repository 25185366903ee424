using ImbalanceMesh.Imaging.Decoding;

namespace ImbalanceMesh.Ingestion.Configuration;

/// <summary>Settings under "Ingestion" (env vars Ingestion__DataRoot, Ingestion__AllowedRoots__0, ...).</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Blob store and catalog live here. Default ./.imesh/data/ingestion (relative to the working directory).</summary>
    public string DataRoot { get; set; } = Path.Combine(".imesh", "data", "ingestion");

    /// <summary>Server-side imports read only below these folders (see ImbalanceMesh.Storage.AllowedRoots). Default: the working directory.</summary>
    public List<string> AllowedRoots { get; set; } = [];

    /// <summary>Largest accepted file, in bytes (checked before reading/decoding).</summary>
    public long MaxFileBytes { get; set; } = DecodeLimits.Default.MaxBytes;

    /// <summary>Largest accepted width × height, checked from the image header.</summary>
    public long MaxPixels { get; set; } = DecodeLimits.Default.MaxPixels;

    public DecodeLimits Limits => new(MaxFileBytes, MaxPixels);

    public string FullDataRoot => Path.GetFullPath(DataRoot);
}
