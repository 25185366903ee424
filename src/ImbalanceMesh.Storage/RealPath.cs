namespace ImbalanceMesh.Storage;

/// <summary>
/// A path in its real form, as realpath(3) gives it: absolute, with every symbolic link resolved at every component,
/// so "root/x/link/shadow" with link → /etc becomes "/etc/shadow". A ".." after a link steps out of the link's target,
/// as the kernel does. Components that do not exist (yet) are kept as written. Unix paths.
/// </summary>
public static class RealPath
{
    /// <summary>Linux gives up after this many links in one lookup (ELOOP); so does this.</summary>
    public const int MaxLinks = 40;

    /// <exception cref="SymlinkLoopException">More than <see cref="MaxLinks"/> links were met: a loop.</exception>
    public static string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var absolute = Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);
        var remaining = new Stack<string>(Components(absolute).Reverse());
        var resolved = new List<string>();
        var links = 0;
        var exists = true;
        while (remaining.TryPop(out var part))
        {
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var candidate = Join(resolved.Append(part));
            var target = exists ? LinkTarget(candidate) : null;
            if (target is not null)
            {
                if (++links > MaxLinks) throw new SymlinkLoopException(path);
                if (Path.IsPathRooted(target)) resolved.Clear();
                foreach (var step in Components(target).Reverse()) remaining.Push(step);
                continue;
            }
            exists = exists && Path.Exists(candidate);
            resolved.Add(part);
        }
        return Join(resolved);
    }

    private static IEnumerable<string> Components(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(part => part != ".");

    private static string Join(IEnumerable<string> components) => "/" + string.Join('/', components);

    /// <summary>The link's target as stored, or null when the path is no link (or cannot be looked at).</summary>
    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
