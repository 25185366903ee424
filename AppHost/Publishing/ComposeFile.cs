using System.Text.Json.Nodes;
using ImbalanceMesh.AppHost.Services;
using ImbalanceMesh.Storage;

namespace ImbalanceMesh.AppHost.Publishing;

/// <summary>
/// docker-compose.yml and .env converted from the Aspire manifest: each container and project a compose service on
/// the compose network (references resolved to service names and target ports), parameters read from .env,
/// health-gated depends_on for every resource a service refers to, a named volume wherever a *__DataRoot points, and
/// an optional Aspire dashboard (profile "dashboard").
/// </summary>
public static class ComposeFile
{
    public const string FileName = "docker-compose.yml";
    public const string EnvFileName = ".env";
    public const string DashboardService = "aspire-dashboard";
    public const string DashboardImage = "mcr.microsoft.com/dotnet/aspire-dashboard:9.5";
    public const int DashboardUiPort = 18888;
    public const int DashboardOtlpPort = 18889;
    public const int DefaultPortBase = 5100;

    /// <param name="outputDirectory">Build contexts are written relative to it.</param>
    /// <param name="portBase">Projects are published on 127.0.0.1:portBase+1, +2, ... in manifest order.</param>
    public static JsonObject Build(AspireManifest manifest, string outputDirectory, int portBase = DefaultPortBase)
    {
        var services = new JsonObject();
        var volumes = new JsonObject();
        foreach (var container in manifest.Containers)
        {
            services[container] = Container(manifest, container);
            foreach (var volume in manifest.DataVolumes(container)) volumes[volume.Name] = new JsonObject();
        }
        var hostPort = portBase;
        foreach (var project in manifest.Projects)
        {
            services[project] = Project(manifest, project, outputDirectory, ++hostPort);
            foreach (var volume in manifest.DataVolumes(project)) volumes[volume.Name] = new JsonObject();
        }
        services[DashboardService] = Dashboard();
        var compose = new JsonObject { ["name"] = "imbalancemesh", ["services"] = services };
        if (volumes.Count > 0) compose["volumes"] = volumes;
        return compose;
    }

    /// <summary>
    /// Writes docker-compose.yml, and .env with the parameters' values; an existing .env keeps its values (its secrets)
    /// and only gains the variables it lacks.
    /// </summary>
    public static IReadOnlyList<string> Write(AspireManifest manifest, string outputDirectory, int portBase = DefaultPortBase)
    {
        var directory = Path.GetFullPath(outputDirectory);
        var composeFile = Path.Combine(directory, FileName);
        AtomicFile.Write(composeFile, YamlWriter.Write(Build(manifest, directory, portBase),
            "Converted by the ImbalanceMesh AppHost (--publisher compose) from the manifest Aspire published for it.\n" +
            "docker compose up --build                       # the mesh\n" +
            "docker compose --profile dashboard up --build   # plus the Aspire dashboard on http://localhost:18888\n" +
            $"  (then set OTEL_EXPORTER_OTLP_ENDPOINT=http://{DashboardService}:{DashboardOtlpPort} in .env)"));
        var envFile = Path.Combine(directory, EnvFileName);
        var existing = File.Exists(envFile) ? File.ReadAllText(envFile) : "";
        if (existing.Length > 0 && !existing.EndsWith('\n')) existing += "\n";
        AtomicFile.Write(envFile, existing + MissingEnvLines(manifest, existing), ownerOnly: true);
        return [composeFile, envFile];
    }

    private static string MissingEnvLines(AspireManifest manifest, string existing)
    {
        var defined = existing.Split('\n').Where(l => l.Contains('=') && !l.StartsWith('#')).Select(l => l[..l.IndexOf('=')]).ToHashSet();
        var lines = new List<string>();
        if (existing.Length == 0) lines.Add("# Read by docker compose. Holds secrets: do not commit it.");
        foreach (var parameter in manifest.Parameters.Where(p => !defined.Contains(ParameterValues.Variable(p))))
            lines.Add($"{ParameterValues.Variable(parameter)}={ParameterValues.Initial(manifest.Resource(parameter))}");
        if (!defined.Contains(DeploymentSettings.OtlpEndpoint))
        {
            lines.Add($"# Empty: no telemetry export. With --profile dashboard: http://{DashboardService}:{DashboardOtlpPort}");
            lines.Add($"{DeploymentSettings.OtlpEndpoint}=");
        }
        if (!defined.Contains(MeshSettings.ApiKeyVariable))
        {
            lines.Add("# Empty: no API key. Otherwise every RPC needs the x-api-key metadata (health checks excepted).");
            lines.Add($"{MeshSettings.ApiKeyVariable}=");
        }
        return lines.Count == 0 ? "" : string.Join('\n', lines) + "\n";
    }

    /// <summary>Compose interpolates ${VAR} from .env; a literal "$" is written "$$".</summary>
    private static string Render(ManifestValue value) => value.Render(
        literal => literal.Replace("$", "$$"),
        parameter => $"${{{ParameterValues.Variable(parameter)}:?set {ParameterValues.Variable(parameter)} in .env}}");

    private static JsonObject Environment(AspireManifest manifest, string name)
    {
        var environment = new JsonObject();
        foreach (var (key, value) in manifest.Environment(name)) environment[key] = Render(value);
        return environment;
    }

    private static JsonObject Container(AspireManifest manifest, string name)
    {
        var service = new JsonObject { ["image"] = manifest.Image(name) };
        if (manifest.Entrypoint(name) is { } entrypoint) service["entrypoint"] = new JsonArray(entrypoint);
        var arguments = manifest.Arguments(name);
        if (arguments.Count > 0) service["command"] = new JsonArray(arguments.Select(a => (JsonNode?)Render(a)).ToArray());
        service["environment"] = Environment(manifest, name);
        service["expose"] = new JsonArray(manifest.Bindings(name).Select(b => (JsonNode?)manifest.Port(name, b).ToString()).ToArray());
        service["healthcheck"] = HealthCheck(new JsonArray("CMD-SHELL",
            ContainerImages.HealthCheckShell(name, manifest.Image(name)).Replace("$", "$$")));
        service["restart"] = "unless-stopped";
        AddVolumes(service, manifest.DataVolumes(name));
        return service;
    }

    private static void AddVolumes(JsonObject service, IReadOnlyList<DataVolume> volumes)
    {
        if (volumes.Count > 0)
            service["volumes"] = new JsonArray(volumes.Select(v => (JsonNode?)$"{v.Name}:{v.MountPath}").ToArray());
    }

    private static JsonObject Project(AspireManifest manifest, string name, string outputDirectory, int hostPort)
    {
        var projectFile = manifest.ProjectFile(name);
        var environment = Environment(manifest, name);
        environment[DeploymentSettings.ServiceName] = name;
        environment[DeploymentSettings.OtlpEndpoint] = $"${{{DeploymentSettings.OtlpEndpoint}:-}}";
        environment[DeploymentSettings.OtlpProtocol] = DeploymentSettings.Grpc;
        environment[MeshSettings.ApiKeyVariable] = $"${{{MeshSettings.ApiKeyVariable}:-}}";

        var service = new JsonObject
        {
            ["image"] = ContainerImages.Image(name),
            ["build"] = new JsonObject
            {
                ["context"] = Path.GetRelativePath(outputDirectory, ContainerImages.BuildContext(projectFile)).Replace('\\', '/'),
                ["dockerfile"] = ContainerImages.Dockerfile(projectFile),
            },
            ["environment"] = environment,
            ["ports"] = new JsonArray($"127.0.0.1:{hostPort}:{manifest.Port(name, GrpcServiceExtensions.EndpointName)}"),
            ["healthcheck"] = HealthCheck(new JsonArray(
                ContainerImages.HealthCheckCommand(projectFile).Prepend("CMD").Select(a => (JsonNode?)a).ToArray())),
            ["restart"] = "unless-stopped",
        };
        var references = manifest.References(name);
        if (references.Count > 0)
        {
            var dependsOn = new JsonObject();
            foreach (var reference in references) dependsOn[reference] = new JsonObject { ["condition"] = "service_healthy" };
            service["depends_on"] = dependsOn;
        }
        AddVolumes(service, manifest.DataVolumes(name));
        return service;
    }

    private static JsonObject Dashboard() => new()
    {
        ["image"] = DashboardImage,
        ["profiles"] = new JsonArray("dashboard"),
        ["ports"] = new JsonArray($"127.0.0.1:{DashboardUiPort}:{DashboardUiPort}"),
        ["expose"] = new JsonArray(DashboardOtlpPort.ToString()),
    };

    private static JsonObject HealthCheck(JsonArray test) => new()
    {
        ["test"] = test,
        ["interval"] = "10s",
        ["timeout"] = "5s",
        ["retries"] = 5,
        ["start_period"] = "20s",
    };
}
