using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImbalanceMesh.AppHost.Services;

public static class GrpcServiceExtensions
{
    public const string EndpointName = "http";

    /// <summary>
    /// A gRPC service project: one cleartext HTTP/2 endpoint (services__{name}__http__0 for its dependants), a
    /// grpc.health.v1 health check so WaitFor gates on SERVING, and the mesh's API key when one is set.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddGrpcService<TProject>(this IDistributedApplicationBuilder builder,
        string name, MeshSettings mesh) where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name)
            .WithHttpEndpoint(name: EndpointName)
            .WithEndpoint(EndpointName, endpoint => endpoint.Transport = "http2");
        var healthCheck = $"{name}-grpc-health";
        var endpoint = service.GetEndpoint(EndpointName);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new GrpcHealthCheck(endpoint), null, null));
        service.WithHealthCheck(healthCheck);
        if (mesh.ApiKey is { } apiKey) service.WithEnvironment(MeshSettings.ApiKeyVariable, apiKey);
        return service;
    }

    /// <summary>
    /// Where the service keeps its state: {root}/.imesh/data/{name} in a local run, /app/.imesh/data/{name} in its
    /// container image (the folder the Dockerfile prepares; deployments mount a volume there).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDataRoot(this IResourceBuilder<ProjectResource> service,
        string section, MeshSettings mesh) =>
        service.WithEnvironment($"{section}__DataRoot", mesh.IsPublishMode
            ? $"/app/.imesh/data/{service.Resource.Name}"
            : mesh.DataRoot(service.Resource.Name));

    /// <summary>The folder below which the service may read or write files named in requests: the mesh root.</summary>
    public static IResourceBuilder<ProjectResource> WithAllowedRoot(this IResourceBuilder<ProjectResource> service,
        string section, MeshSettings mesh)
    {
        if (mesh.IsPublishMode) return service;
        return service.WithEnvironment($"{section}__AllowedRoots__0", mesh.Root);
    }
}
