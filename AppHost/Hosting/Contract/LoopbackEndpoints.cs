using ImbalanceMesh.AppHost.Hosting.Model;

namespace ImbalanceMesh.AppHost.Hosting.Contract;

/// <summary>Where each resource listens in a local run: 127.0.0.1 and one port per resource.</summary>
public sealed class LoopbackEndpoints(IReadOnlyDictionary<string, int> ports, IReadOnlyDictionary<string, string> passwords)
    : IEndpointResolver
{
    public const string Host = "127.0.0.1";

    public int Port(MeshResource resource) => ports.TryGetValue(resource.Name, out var port)
        ? port
        : throw new KeyNotFoundException($"No port was allocated for {resource.Name}.");

    public string Password(RedisResource cache) => passwords[cache.Name];

    public string ConnectionString(RedisResource cache) => $"{Host}:{Port(cache)},password={Password(cache)}";

    public string Url(ProjectResource project) => $"http://{Host}:{Port(project)}";

    public string TargetPort(ProjectResource project) => Port(project).ToString();

    /// <summary>The content of .imesh/endpoints.json: connection string for caches, URL for services.</summary>
    public IReadOnlyDictionary<string, string> Describe(ResourceGraph graph) =>
        graph.Resources.ToDictionary(r => r.Name, r => r switch
        {
            RedisResource cache => ConnectionString(cache),
            ProjectResource project => Url(project),
            _ => throw new NotSupportedException(r.GetType().Name),
        });
}
