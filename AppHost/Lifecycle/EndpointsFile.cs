using System.Text.Json;
using ImbalanceMesh.AppHost.Services;
using ImbalanceMesh.Storage;

namespace ImbalanceMesh.AppHost.Lifecycle;

/// <summary>
/// .imesh/endpoints.json under the mesh root: where `imesh` finds the running mesh (connection string for the cache,
/// URL for each service). It holds the Redis password, so only its owner may read it.
/// </summary>
public static class EndpointsFile
{
    public static string PathIn(MeshSettings mesh) => Path.Combine(mesh.StateDirectory, "endpoints.json");

    public static async Task<string> WriteAsync(IReadOnlyList<IResource> resources, MeshSettings mesh, CancellationToken cancellationToken)
    {
        var endpoints = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            endpoints[resource.Name] = resource switch
            {
                ProjectResource project => project.GetEndpoint(GrpcServiceExtensions.EndpointName).Url,
                IResourceWithConnectionString cache => await cache.ConnectionStringExpression.GetValueAsync(cancellationToken) ?? "",
                _ => throw new NotSupportedException(resource.GetType().Name),
            };
        }
        var path = PathIn(mesh);
        AtomicFile.Write(path, JsonSerializer.Serialize(endpoints, new JsonSerializerOptions { WriteIndented = true }), ownerOnly: true);
        return path;
    }

    public static void Remove(MeshSettings mesh) => File.Delete(PathIn(mesh));
}
