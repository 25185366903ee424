using ImbalanceMesh.Ingestion.Configuration;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Storage;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>Server-side imports read only below Ingestion:AllowedRoots, every path in its real form (links resolved).</summary>
public sealed class PathGuard(IOptions<IngestionOptions> options)
{
    public AllowedRoots Roots { get; } = new(options.Value.AllowedRoots);

    /// <summary>The real path, if it lies below an allowed root; otherwise PERMISSION_DENIED with the reason.</summary>
    public string Check(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw MeshException.Invalid("A path is required.");
        var resolved = Roots.Resolve(path);
        if (!resolved.IsAllowed)
            throw MeshException.Denied(
                $"{resolved.Rejection}. This server reads only below Ingestion:AllowedRoots; set it on the server, " +
                "or use `imesh ingest upload` to send the files.");
        return resolved.RealPath;
    }
}
