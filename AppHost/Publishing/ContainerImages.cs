namespace ImbalanceMesh.AppHost.Publishing;

/// <summary>What compose and Kubernetes share about images: names, build inputs, health commands, security.</summary>
public static class ContainerImages
{
    public const string ImagePrefix = "imbalancemesh/";

    /// <summary>The ASP.NET images' non-root "app" user, which the service images run as.</summary>
    public const int AppUserId = 1654;

    public static string Image(string project) => $"{ImagePrefix}{project}:latest";

    /// <summary>
    /// The build context: the nearest folder above the project that holds a .dockerignore (the repository root; each
    /// Dockerfile copies the sources from there and publishes its own project).
    /// </summary>
    public static string BuildContext(string projectFile)
    {
        for (var directory = Path.GetDirectoryName(projectFile); directory is not null; directory = Path.GetDirectoryName(directory))
            if (File.Exists(Path.Combine(directory, ".dockerignore"))) return directory;
        throw new AppHostException($"No .dockerignore above {projectFile}: cannot tell the image's build context.");
    }

    /// <summary>The project's Dockerfile (next to it), relative to the build context.</summary>
    public static string Dockerfile(string projectFile) =>
        Path.GetRelativePath(BuildContext(projectFile), Path.Combine(Path.GetDirectoryName(projectFile)!, "Dockerfile")).Replace('\\', '/');

    /// <summary>The service's own --health-check mode (grpc.health.v1 on HTTP_PORTS): the images need no extra tool.</summary>
    public static IReadOnlyList<string> HealthCheckCommand(string projectFile) =>
        ["dotnet", $"/app/{Path.GetFileNameWithoutExtension(projectFile)}.dll", "--health-check"];

    /// <summary>
    /// A shell health command for the container images the manifest can hold. Aspire's Redis passes its password as
    /// REDIS_PASSWORD; redis-cli reads it from REDISCLI_AUTH, so it is on no command line.
    /// </summary>
    public static string HealthCheckShell(string container, string? image) =>
        image is not null && image.Split('/')[^1].StartsWith("redis:", StringComparison.Ordinal)
            ? "REDISCLI_AUTH=\"$REDIS_PASSWORD\" redis-cli ping | grep -q PONG"
            : throw new AppHostException($"{container}: no health check is known for the image '{image}'.");
}
