using ImbalanceMesh.AppHost.Hosting.Contract;
using ImbalanceMesh.AppHost.Hosting.Model;

namespace ImbalanceMesh.AppHost.Hosting.Publishing;

/// <summary>What compose and Kubernetes share: image names, in-container paths, health commands, DNS addresses.</summary>
public static class ContainerDefaults
{
    public const string AppDirectory = "/app";
    public const string ImagePrefix = "imbalancemesh/";
    public const string DashboardImage = "mcr.microsoft.com/dotnet/aspire-dashboard:9.5";
    public const int DashboardOtlpPort = 18889;
    public const int DashboardUiPort = 18888;

    public static string Image(ProjectResource project) => $"{ImagePrefix}{project.Name}:latest";

    public static string MountPath(DataVolume volume) => $"{AppDirectory}/{volume.RelativePath}";

    /// <summary>The service's own --health-check mode (grpc.health.v1 on HTTP_PORTS), so images need no extra tool.</summary>
    public static string[] HealthCheckCommand(ProjectResource project) =>
        ["dotnet", $"{AppDirectory}/{project.AssemblyName}.dll", "--health-check"];

    /// <summary>Path of the project's Dockerfile relative to the build context (the repository root).</summary>
    public static string Dockerfile(ResourceGraph graph, ProjectResource project) =>
        Path.GetRelativePath(BuildContext(graph), Path.Combine(project.ProjectDirectory, "Dockerfile")).Replace('\\', '/');

    public static string BuildContext(ResourceGraph graph) => graph.RepositoryRoot;

    public static string RedisPasswordShell => "redis-server --requirepass \"$REDIS_PASSWORD\"";

    public static string RedisPingShell => "redis-cli -a \"$REDIS_PASSWORD\" --no-auth-warning ping | grep -q PONG";
}

/// <summary>Addresses inside a container network: services by DNS name on their target port.</summary>
public sealed class ContainerNetworkEndpoints(Func<RedisResource, string> passwordReference) : IEndpointResolver
{
    public string ConnectionString(RedisResource cache) =>
        $"{cache.Name}:{RedisResource.TargetPort},password={passwordReference(cache)}";

    public string Url(ProjectResource project) => $"http://{project.Name}:{ProjectResource.TargetPort}";

    public string TargetPort(ProjectResource project) => ProjectResource.TargetPort.ToString();
}
