using System.Text.Json;

namespace ImbalanceMesh.Cli;

/// <summary>
/// Where the services are: --service URL flags win, then IMESH_&lt;SERVICE&gt;_URL, then the AppHost's
/// .imesh/endpoints.json found in the working directory or one of its parents.
/// </summary>
public sealed class MeshEndpoints(IReadOnlyDictionary<string, string> urls, string? source)
{
    public const string FileName = "endpoints.json";

    public string Resolve(string service, string? overrideUrl)
    {
        if (!string.IsNullOrWhiteSpace(overrideUrl)) return overrideUrl;
        var fromEnv = Environment.GetEnvironmentVariable($"IMESH_{service.ToUpperInvariant()}_URL");
        if (!string.IsNullOrWhiteSpace(fromEnv)) return fromEnv;
        if (urls.TryGetValue(service, out var url)) return url;
        throw new CliException(source is null
            ? $"No address for the {service} service: start the mesh (dotnet run --project AppHost) so it writes " +
              $".imesh/{FileName}, or pass --{service} URL."
            : $"{source} has no '{service}' entry: pass --{service} URL.");
    }

    public static MeshEndpoints Load(string? explicitPath)
    {
        var path = explicitPath ?? FindUpwards(Directory.GetCurrentDirectory());
        if (path is null) return new MeshEndpoints(new Dictionary<string, string>(), null);
        if (!File.Exists(path)) throw new CliException($"Endpoints file {path} does not exist.");
        try
        {
            var urls = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))
                       ?? new Dictionary<string, string>();
            return new MeshEndpoints(urls, path);
        }
        catch (JsonException e)
        {
            throw new CliException($"Endpoints file {path} is not valid JSON: {e.Message}");
        }
    }

    private static string? FindUpwards(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".imesh", FileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
