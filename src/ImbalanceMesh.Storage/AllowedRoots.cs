namespace ImbalanceMesh.Storage;

/// <summary>
/// The folders a service or the CLI may read or write below. Paths are compared in their real form (<see cref="RealPath"/>),
/// so neither "..", nor a linked file, nor a linked folder anywhere along the path leads out of them.
/// </summary>
public sealed class AllowedRoots
{
    /// <param name="configured">Folders, each entry possibly several separated by ';'. None: the working directory.</param>
    public AllowedRoots(IEnumerable<string> configured)
    {
        var folders = configured.SelectMany(r => r.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        Folders = (folders.Count == 0 ? [Directory.GetCurrentDirectory()] : folders).Select(RealPath.Resolve).Distinct().ToList();
    }

    /// <summary>The roots in their real form.</summary>
    public IReadOnlyList<string> Folders { get; }

    public override string ToString() => string.Join(", ", Folders);

    /// <summary>The real form of the path, or, when it may not be used, why (a reason code, a colon, the explanation).</summary>
    public ContainedPath Resolve(string path)
    {
        string real;
        try
        {
            real = RealPath.Resolve(path);
        }
        catch (SymlinkLoopException e)
        {
            return new ContainedPath(path, $"symlink-loop: {e.Message}");
        }
        return Contains(real)
            ? new ContainedPath(real, null)
            : new ContainedPath(real, $"outside-allowed-roots: '{path}' leads to '{real}', outside {this}");
    }

    private bool Contains(string realPath) => Folders.Any(root =>
        realPath == root || realPath.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal));
}

/// <summary>A path checked against <see cref="AllowedRoots"/>: its real form, and the rejection when it may not be used.</summary>
public sealed record ContainedPath(string RealPath, string? Rejection)
{
    public bool IsAllowed => Rejection is null;
}
