using ImbalanceMesh.Ingestion.Importing;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Storage;

namespace ImbalanceMesh.Ingestion.Sources;

/// <summary>
/// A folder with one sub-folder per class, listed by <see cref="ClassFolderTree"/> (links followed only inside the
/// allowed roots, loops detected, hidden entries skipped). Every file is offered, whatever its extension: the decoder
/// decides what is an image; files are read through <see cref="ContainedFile"/>.
/// </summary>
public static class FolderSource
{
    public static IReadOnlyList<ImportItem> Enumerate(string root, PathGuard guard)
    {
        if (File.Exists(root)) throw MeshException.Invalid($"'{root}' is a file; give the folder that holds one sub-folder per class.");
        if (!Directory.Exists(root)) throw MeshException.NotFound($"Folder '{root}' does not exist on the server.");
        var listing = ClassFolderTree.List(root, guard.Roots);
        if (listing.Classes.Count == 0)
            throw MeshException.Invalid($"Folder '{root}' has no class sub-folders; expected {root}/<class>/<image files>.");
        return listing.Files.Select(file => Item(file, guard.Roots)).ToList();
    }

    private static ImportItem Item(ClassFolderFile file, AllowedRoots roots)
    {
        var problem = file.ClassName.Length > 0 ? ClassNames.Problem(file.ClassName) : null;
        var path = file.RealPath;
        return new ImportItem(file.ClassName, file.Source, file.Length, () => path is null ? [] : ContainedFile.ReadAllBytes(roots, path))
        {
            PreRejection = file.Rejection ?? (problem is null ? null : $"bad-class-name: {problem}"),
        };
    }
}
