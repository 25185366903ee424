using System.Text.Json;
using ImbalanceMesh.AppHost.Hosting.Publishing;

namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>.imesh/endpoints.json in the working directory: where the CLI finds the running mesh.</summary>
public static class EndpointsFile
{
    public static string PathIn(string workingDirectory) => Path.Combine(workingDirectory, ".imesh", "endpoints.json");

    public static string Write(string workingDirectory, IReadOnlyDictionary<string, string> endpoints)
    {
        var path = PathIn(workingDirectory);
        AtomicFile.Write(path, JsonSerializer.Serialize(endpoints, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }

    public static void Remove(string workingDirectory)
    {
        var path = PathIn(workingDirectory);
        if (File.Exists(path)) File.Delete(path);
    }
}
