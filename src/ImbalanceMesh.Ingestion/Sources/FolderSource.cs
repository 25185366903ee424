using ImbalanceMesh.Ingestion.Importing;

namespace ImbalanceMesh.Ingestion.Sources;

/// <summary>
/// A folder with one sub-folder per class (Keras flow_from_directory layout). Files below a class folder, at any
/// depth, belong to that class; hidden files and folders (name starting with '.') are skipped; files lying directly
/// in the root are rejected. Every file is offered, whatever its extension: the decoder decides what is an image.
/// Order: class folders, then files, by ordinal relative path.
/// </summary>
public static class FolderSource
{
    public static IReadOnlyList<ImportItem> Enumerate(string root, PathGuard guard)
    {
        if (File.Exists(root)) throw IngestionException.Invalid($"'{root}' is a file; give the folder that holds one sub-folder per class.");
        if (!Directory.Exists(root)) throw IngestionException.NotFound($"Folder '{root}' does not exist on the server.");
        var items = new List<ImportItem>();
        var rootInfo = new DirectoryInfo(root);
        foreach (var file in rootInfo.EnumerateFiles().Where(Visible).OrderBy(f => f.Name, StringComparer.Ordinal))
            items.Add(new ImportItem("", file.Name, file.Length, () => [])
            {
                PreRejection = "not-in-a-class-folder: put each image in a sub-folder named after its class",
            });
        var classFolders = rootInfo.EnumerateDirectories().Where(Visible).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        if (classFolders.Count == 0)
            throw IngestionException.Invalid($"Folder '{root}' has no class sub-folders; expected {root}/<class>/<image files>.");
        foreach (var folder in classFolders)
        {
            var problem = ClassNames.Problem(folder.Name);
            var files = Files(folder).Select(f => (File: f, Relative: Path.GetRelativePath(root, f.FullName)))
                .OrderBy(f => f.Relative, StringComparer.Ordinal);
            foreach (var (file, relative) in files)
            {
                var rejection = problem is not null ? $"bad-class-name: {problem}"
                    : file.LinkTarget is not null && !guard.IsAllowed(PathGuard.Resolved(file.FullName))
                        ? "outside-allowed-roots: the link points outside the folders this server may read"
                        : null;
                var path = file.FullName;
                items.Add(new ImportItem(folder.Name, relative, file.Length, () => File.ReadAllBytes(path)) { PreRejection = rejection });
            }
        }
        return items;
    }

    private static IEnumerable<FileInfo> Files(DirectoryInfo folder) =>
        folder.EnumerateFiles().Where(Visible).Concat(folder.EnumerateDirectories().Where(Visible).SelectMany(Files));

    private static bool Visible(FileSystemInfo entry) => !entry.Name.StartsWith('.');
}
