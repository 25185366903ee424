using ImbalanceMesh.Ingestion.Configuration;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>Server-side imports read only below the configured allowed roots (after resolving ".." and symlinks).</summary>
public sealed class PathGuard(IOptions<IngestionOptions> options)
{
    private readonly IReadOnlyList<string> _roots = options.Value.FullAllowedRoots;

    /// <summary>The full path, if it lies below an allowed root; otherwise PERMISSION_DENIED.</summary>
    public string Check(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw IngestionException.Invalid("A path is required.");
        var full = Path.GetFullPath(path);
        if (!IsAllowed(full) || !IsAllowed(Resolved(full)))
            throw IngestionException.Denied(
                $"'{path}' is outside the folders this server may read ({string.Join(", ", _roots)}); " +
                "set Ingestion:AllowedRoots on the server, or use `imesh ingest upload` to send the files.");
        return full;
    }

    public bool IsAllowed(string fullPath) =>
        _roots.Any(root => fullPath == root || fullPath.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    /// <summary>The path with every symlink along it resolved (as far as the parts exist).</summary>
    public static string Resolved(string fullPath)
    {
        var info = new FileInfo(fullPath);
        var target = info.Exists || Directory.Exists(fullPath) ? info.ResolveLinkTarget(returnFinalTarget: true) : null;
        if (target is not null) return Resolved(target.FullName);
        var parent = Path.GetDirectoryName(fullPath);
        return parent is null ? fullPath : Path.Combine(Resolved(parent), Path.GetFileName(fullPath));
    }
}
