using System.Text.Json.Nodes;
using ImbalanceMesh.AppHost.Services;
using ImbalanceMesh.Storage;

namespace ImbalanceMesh.AppHost.Publishing;

/// <summary>
/// Kubernetes objects converted from the Aspire manifest, one file per resource plus kustomization.yaml
/// (kubectl apply -k DIR): a Secret per parameter, a Deployment and a Service per container and project (references
/// resolved to Service names and target ports, parameters read from their Secret), a PersistentVolumeClaim wherever a
/// *__DataRoot points, gRPC probes for the services.
/// </summary>
public static class KubernetesObjects
{
    public const string PartOf = "imbalancemesh";
    public const string SecretKey = "value";
    public const string KustomizationFile = "kustomization.yaml";

    /// <summary>Optional: a Secret the operator creates (key "value") when every RPC should need an API key.</summary>
    public const string ApiKeySecret = "imesh-api-key";

    /// <param name="gpuService">The service that trains: more CPU and memory, and <paramref name="gpus"/> GPUs (0: none).</param>
    /// <param name="replicas">Pods per project (Aspire's manifest does not carry WithReplicas); 1 when not named.</param>
    public static IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> Build(AspireManifest manifest, string gpuService, int gpus,
        IReadOnlyDictionary<string, int>? replicas = null)
    {
        var files = new Dictionary<string, IReadOnlyList<JsonObject>>();
        foreach (var parameter in manifest.Parameters)
            files[$"{parameter}.yaml"] = [Secret(parameter, ParameterValues.Initial(manifest.Resource(parameter)))];
        foreach (var container in manifest.Containers)
            files[$"{container}.yaml"] =
            [
                .. manifest.DataVolumes(container).Select(v => Claim(v, shared: false)),
                ContainerDeployment(manifest, container),
                Service(manifest, container),
            ];
        foreach (var project in manifest.Projects)
        {
            var count = replicas?.GetValueOrDefault(project, 1) ?? 1;
            files[$"{project}.yaml"] =
            [
                .. manifest.DataVolumes(project).Select(v => Claim(v, shared: count > 1)),
                ProjectDeployment(manifest, project, project == gpuService ? gpus : null, count),
                Service(manifest, project),
            ];
        }
        files[KustomizationFile] =
        [
            new JsonObject
            {
                ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
                ["kind"] = "Kustomization",
                ["resources"] = new JsonArray(files.Keys.Select(f => (JsonNode?)f).ToArray()),
            },
        ];
        return files;
    }

    public static IReadOnlyList<string> Write(AspireManifest manifest, string outputDirectory, string gpuService, int gpus,
        IReadOnlyDictionary<string, int> replicas)
    {
        var written = new List<string>();
        foreach (var (file, documents) in Build(manifest, gpuService, gpus, replicas))
        {
            var path = Path.Combine(Path.GetFullPath(outputDirectory), file);
            AtomicFile.Write(path, YamlWriter.WriteAll(documents,
                    "Converted by the ImbalanceMesh AppHost (--publisher k8s) from the manifest Aspire published for it."),
                ownerOnly: documents.Any(d => (string?)d["kind"] == "Secret"));
            written.Add(path);
        }
        return written;
    }

    private static JsonObject Metadata(string name) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = name, ["app.kubernetes.io/part-of"] = PartOf },
    };

    private static JsonObject Secret(string parameter, string value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = Metadata(parameter),
        ["type"] = "Opaque",
        ["stringData"] = new JsonObject { [SecretKey] = value },
    };

    private static JsonObject FromSecret(string variable, string secret, bool optional = false)
    {
        var reference = new JsonObject { ["name"] = secret, ["key"] = SecretKey };
        if (optional) reference["optional"] = true;
        return new JsonObject { ["name"] = variable, ["valueFrom"] = new JsonObject { ["secretKeyRef"] = reference } };
    }

    /// <summary>Kubernetes expands $(VAR) from variables defined earlier in the list; a literal "$(" is written "$$(".</summary>
    private static string Render(ManifestValue value) =>
        value.Render(literal => literal.Replace("$(", "$$("), parameter => $"$({ParameterValues.Variable(parameter)})");

    /// <summary>
    /// Each parameter the resource uses first, from its Secret, as the variable its name gives (CACHE_PASSWORD); then the
    /// manifest's variables, which refer to those as $(CACHE_PASSWORD). A manifest variable that is that parameter
    /// under that very name is the first entry already.
    /// </summary>
    private static JsonArray Environment(AspireManifest manifest, string name)
    {
        var variables = manifest.Environment(name);
        var parameters = variables.SelectMany(v => v.Value.ParametersUsed)
            .Concat(manifest.Arguments(name).SelectMany(a => a.ParametersUsed)).Distinct().ToList();
        var env = new JsonArray(parameters.Select(p => (JsonNode?)FromSecret(ParameterValues.Variable(p), p)).ToArray());
        foreach (var (key, value) in variables)
        {
            if (parameters.FirstOrDefault(p => ParameterValues.Variable(p) == key) is { } same)
            {
                if (value.SingleParameter == same) continue;
                throw new AppHostException($"{name}: {key} would hide the parameter {same} it is named after.");
            }
            env.Add(new JsonObject { ["name"] = key, ["value"] = Render(value) });
        }
        return env;
    }

    private static JsonArray Ports(AspireManifest manifest, string name) =>
        new(manifest.Bindings(name).Select(b => (JsonNode?)new JsonObject
        {
            ["name"] = b,
            ["containerPort"] = manifest.Port(name, b),
        }).ToArray());

    private static JsonObject ContainerDeployment(AspireManifest manifest, string name)
    {
        var container = new JsonObject { ["name"] = name, ["image"] = manifest.Image(name) };
        if (manifest.Entrypoint(name) is { } entrypoint) container["command"] = new JsonArray(entrypoint);
        var arguments = manifest.Arguments(name);
        if (arguments.Count > 0) container["args"] = new JsonArray(arguments.Select(a => (JsonNode?)Render(a)).ToArray());
        container["env"] = Environment(manifest, name);
        container["ports"] = Ports(manifest, name);
        container["readinessProbe"] = new JsonObject
        {
            ["exec"] = new JsonObject
            {
                ["command"] = new JsonArray("/bin/sh", "-c", ContainerImages.HealthCheckShell(name, manifest.Image(name))),
            },
            ["periodSeconds"] = 5,
        };
        container["livenessProbe"] = new JsonObject
        {
            ["tcpSocket"] = new JsonObject { ["port"] = manifest.Port(name, manifest.Bindings(name)[0]) },
            ["periodSeconds"] = 10,
        };
        container["resources"] = Requests("100m", "128Mi");
        var volumes = manifest.DataVolumes(name);
        Mount(container, volumes);
        return Deployment(name, container, volumes, replicas: 1);
    }

    /// <param name="gpus">Null for a service that does not train; otherwise its GPU count (0: no limit).</param>
    private static JsonObject ProjectDeployment(AspireManifest manifest, string name, int? gpus, int replicas)
    {
        var env = Environment(manifest, name);
        env.Add(new JsonObject { ["name"] = DeploymentSettings.ServiceName, ["value"] = name });
        // The API key, should the manifest carry one, comes from its Secret, never inline.
        foreach (var inline in env.Where(e => (string?)e!["name"] == MeshSettings.ApiKeyVariable).ToList()) env.Remove(inline);
        env.Add(FromSecret(MeshSettings.ApiKeyVariable, ApiKeySecret, optional: true));

        var resources = gpus is null ? Requests("250m", "512Mi") : Requests("1", "2Gi");
        if (gpus > 0) resources["limits"] = new JsonObject { ["nvidia.com/gpu"] = gpus };
        var port = manifest.Port(name, GrpcServiceExtensions.EndpointName);
        var volumes = manifest.DataVolumes(name);
        var container = new JsonObject
        {
            ["name"] = name,
            ["image"] = ContainerImages.Image(name),
            ["env"] = env,
            ["ports"] = Ports(manifest, name),
            // Kubernetes' native gRPC probe speaks grpc.health.v1, which every service serves.
            ["readinessProbe"] = GrpcProbe(port, initialDelaySeconds: 2, periodSeconds: 5),
            ["livenessProbe"] = GrpcProbe(port, initialDelaySeconds: 15, periodSeconds: 10),
            ["resources"] = resources,
        };
        Mount(container, volumes);
        return Deployment(name, container, volumes, replicas);
    }

    private static void Mount(JsonObject container, IReadOnlyList<DataVolume> volumes)
    {
        if (volumes.Count > 0)
            container["volumeMounts"] = new JsonArray(volumes.Select(v => (JsonNode?)new JsonObject
            {
                ["name"] = v.Name,
                ["mountPath"] = v.MountPath,
            }).ToArray());
    }

    private static JsonObject Deployment(string name, JsonObject container, IReadOnlyList<DataVolume> volumes, int replicas)
    {
        var podSpec = new JsonObject
        {
            // The images run as the ASP.NET images' non-root "app" user; fsGroup makes the claims writable for it.
            ["securityContext"] = new JsonObject { ["fsGroup"] = ContainerImages.AppUserId },
            ["containers"] = new JsonArray(container),
        };
        if (volumes.Count > 0)
            podSpec["volumes"] = new JsonArray(volumes.Select(v => (JsonNode?)new JsonObject
            {
                ["name"] = v.Name,
                ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = v.Name },
            }).ToArray());
        var spec = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app.kubernetes.io/name"] = name } },
            ["template"] = new JsonObject { ["metadata"] = Metadata(name), ["spec"] = podSpec },
        };
        // A ReadWriteOnce claim cannot be attached to an old and a new pod at once: replace, don't roll. Replicas share
        // a ReadWriteMany claim, which can roll.
        if (volumes.Count > 0 && replicas == 1) spec["strategy"] = new JsonObject { ["type"] = "Recreate" };
        return new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = Metadata(name), ["spec"] = spec };
    }

    private static JsonObject Service(AspireManifest manifest, string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Metadata(name),
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["app.kubernetes.io/name"] = name },
            ["ports"] = new JsonArray(manifest.Bindings(name).Select(b =>
            {
                var port = new JsonObject { ["name"] = b, ["port"] = manifest.Port(name, b), ["targetPort"] = b };
                if (manifest.Transport(name, b) == "http2") port["appProtocol"] = "kubernetes.io/h2c";
                return (JsonNode?)port;
            }).ToArray()),
        },
    };

    /// <param name="shared">Mounted by several replicas at once (checkpoints every training replica reads): ReadWriteMany,
    /// which needs a storage class that offers it (NFS, CephFS, EFS, Azure Files).</param>
    private static JsonObject Claim(DataVolume volume, bool shared) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "PersistentVolumeClaim",
        ["metadata"] = Metadata(volume.Name),
        ["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray(shared ? "ReadWriteMany" : "ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "5Gi" } },
        },
    };

    private static JsonObject GrpcProbe(int port, int initialDelaySeconds, int periodSeconds) => new()
    {
        ["grpc"] = new JsonObject { ["port"] = port },
        ["initialDelaySeconds"] = initialDelaySeconds,
        ["periodSeconds"] = periodSeconds,
        ["failureThreshold"] = 3,
    };

    private static JsonObject Requests(string cpu, string memory) => new()
    {
        ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory },
    };
}
