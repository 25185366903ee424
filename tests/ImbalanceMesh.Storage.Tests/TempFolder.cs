namespace ImbalanceMesh.Storage.Tests;

/// <summary>Base of tests that need a real folder under /tmp: xunit makes one instance per test, so one folder per test.</summary>
public abstract class TempFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("imesh-storage-").FullName;

    public string Sub(params string[] parts) => Path.Combine([Root, .. parts]);

    public string Folder(params string[] parts) => Directory.CreateDirectory(Sub(parts)).FullName;

    public string WriteFile(string relative, string content = "x")
    {
        var path = Sub(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        Directory.Delete(Root, recursive: true);
        GC.SuppressFinalize(this);
    }
}
