namespace ImbalanceMesh.Storage.Tests;

/// <summary>A real folder under /tmp for one test, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("imesh-storage-").FullName;

    public string Sub(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string Folder(params string[] parts) => Directory.CreateDirectory(Sub(parts)).FullName;

    public string File(string relative, string content = "x")
    {
        var path = Sub(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
