namespace ImbalanceMesh.Storage;

/// <summary>
/// A folder with one sub-folder per class (Keras flow_from_directory layout), listed without leaving the allowed roots.
/// Files below a class folder, at any depth, belong to that class; names starting with '.' are skipped; files lying
/// directly in the root are listed as rejected. A linked file or folder is followed only when its real path stays
/// inside the roots, and a folder met again below itself is a loop: each such entry is listed once, as rejected, and
/// nothing below it is looked at. Order: files in the root, then by class, then by path below the class folder (ordinal).
/// </summary>
public static class ClassFolderTree
{
    private const string NotInAClassFolder = "not-in-a-class-folder: put each image in a sub-folder named after its class";

    /// <param name="root">A folder inside <paramref name="roots"/>.</param>
    public static ClassFolderListing List(string root, AllowedRoots roots)
    {
        var rootPath = roots.Resolve(root);
        if (!rootPath.IsAllowed) throw new PathDeniedException(rootPath.Rejection!);
        var classes = new List<string>();
        var files = new List<ClassFolderFile>();
        foreach (var entry in Visible(new DirectoryInfo(rootPath.RealPath)))
        {
            var (resolved, isFolder) = Inspect(entry, roots);
            if (!resolved.IsAllowed) files.Add(new ClassFolderFile("", entry.Name, null, 0, resolved.Rejection));
            else if (isFolder)
            {
                classes.Add(entry.Name);
                Walk(entry.Name, "", resolved.RealPath, [rootPath.RealPath, resolved.RealPath], roots, files);
            }
            else files.Add(Leaf("", entry.Name, resolved.RealPath) with { Rejection = NotInAClassFolder });
        }
        return new ClassFolderListing(classes, files.OrderBy(f => f.ClassName.Length > 0)
            .ThenBy(f => f.ClassName, StringComparer.Ordinal).ThenBy(f => f.FileName, StringComparer.Ordinal).ToList());
    }

    private static void Walk(string className, string relative, string folder, HashSet<string> ancestors, AllowedRoots roots,
        List<ClassFolderFile> files)
    {
        List<FileSystemInfo> entries;
        try
        {
            entries = Visible(new DirectoryInfo(folder)).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            files.Add(new ClassFolderFile(className, relative, null, 0, $"unreadable: the folder cannot be listed ({e.Message})"));
            return;
        }
        foreach (var entry in entries)
        {
            var name = Path.Combine(relative, entry.Name);
            var (resolved, isFolder) = Inspect(entry, roots);
            if (!resolved.IsAllowed) files.Add(new ClassFolderFile(className, name, null, 0, resolved.Rejection));
            else if (!isFolder) files.Add(Leaf(className, name, resolved.RealPath));
            else if (!ancestors.Add(resolved.RealPath))
                files.Add(new ClassFolderFile(className, name, null, 0,
                    $"symlink-loop: '{entry.FullName}' leads back to '{resolved.RealPath}', a folder above it"));
            else
            {
                Walk(className, name, resolved.RealPath, ancestors, roots, files);
                ancestors.Remove(resolved.RealPath);
            }
        }
    }

    /// <summary>An entry of a folder that is in its real form: only a link needs resolving (and costs the look-ups).</summary>
    private static (ContainedPath Path, bool IsFolder) Inspect(FileSystemInfo entry, AllowedRoots roots)
    {
        if (!entry.Attributes.HasFlag(FileAttributes.ReparsePoint)) return (new ContainedPath(entry.FullName, null), entry is DirectoryInfo);
        var resolved = roots.Resolve(entry.FullName);
        return (resolved, resolved.IsAllowed && Directory.Exists(resolved.RealPath));
    }

    private static ClassFolderFile Leaf(string className, string name, string realPath)
    {
        var file = new FileInfo(realPath);
        return file.Exists
            ? new ClassFolderFile(className, name, realPath, file.Length, null)
            : new ClassFolderFile(className, name, null, 0, $"unreadable: the link leads to '{realPath}', which does not exist");
    }

    private static IEnumerable<FileSystemInfo> Visible(DirectoryInfo folder) =>
        folder.EnumerateFileSystemInfos().Where(e => !e.Name.StartsWith('.')).OrderBy(e => e.Name, StringComparer.Ordinal);
}

/// <summary>One file of a <see cref="ClassFolderTree"/>: its class ("" for the root), its path below the class folder, and
/// either its real path and length or why it cannot be read.</summary>
public sealed record ClassFolderFile(string ClassName, string FileName, string? RealPath, long Length, string? Rejection)
{
    /// <summary>The path relative to the root the tree was listed from.</summary>
    public string Source => Path.Combine(ClassName, FileName);
}

public sealed record ClassFolderListing(IReadOnlyList<string> Classes, IReadOnlyList<ClassFolderFile> Files);
