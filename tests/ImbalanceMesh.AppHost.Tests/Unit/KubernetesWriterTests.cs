using System.Text.Json.Nodes;
using ImbalanceMesh.AppHost.Hosting.Publishing;
using ImbalanceMesh.AppHost.Tests.Support;

namespace ImbalanceMesh.AppHost.Tests.Unit;

public sealed class KubernetesWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("imesh-k8s-").FullName;
    private readonly List<JsonObject> _objects;
    private readonly JsonObject _manifest;

    public KubernetesWriterTests()
    {
        var files = KubernetesWriter.Write(Mesh.Graph(), _directory, gpus: 1);
        _objects = files.Where(f => !f.EndsWith("kustomization.yaml"))
            .SelectMany(f => YamlDocuments.Parse(f).Select(d => d!.AsObject())).ToList();
        _manifest = ManifestWriter.Build(Mesh.Graph(), _directory)["resources"]!.AsObject();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private JsonObject Object(string kind, string name) =>
        _objects.Single(o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name);

    private JsonObject Container(string name) => Object("Deployment", name)["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();

    private static string? Env(JsonObject container, string name) =>
        (string?)container["env"]!.AsArray().SingleOrDefault(e => (string?)e!["name"] == name)?["value"];

    [Fact]
    public void Every_resource_has_a_deployment_and_a_service_and_kustomization_lists_every_file()
    {
        foreach (var name in new[] { "cache" }.Concat(Mesh.Services))
        {
            Assert.Equal(name, (string?)Object("Deployment", name)["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]);
            Assert.Equal(name, (string?)Object("Service", name)["spec"]!["selector"]!["app.kubernetes.io/name"]);
        }
        var kustomization = YamlDocuments.Parse(Path.Combine(_directory, "kustomization.yaml")).Single()!;
        Assert.All(kustomization["resources"]!.AsArray(), f => Assert.True(File.Exists(Path.Combine(_directory, (string)f!))));
    }

    [Fact]
    public void Ports_and_grpc_probes_agree_with_the_manifest_bindings()
    {
        foreach (var name in Mesh.Services)
        {
            var targetPort = (int)_manifest[name]!["bindings"]!["http"]!["targetPort"]!;
            var container = Container(name);
            Assert.Equal(targetPort, (int)container["ports"]![0]!["containerPort"]!);
            Assert.Equal(targetPort, (int)container["readinessProbe"]!["grpc"]!["port"]!);
            Assert.Equal(targetPort, (int)container["livenessProbe"]!["grpc"]!["port"]!);
            Assert.Equal(targetPort.ToString(), Env(container, "HTTP_PORTS"));
            var servicePort = Object("Service", name)["spec"]!["ports"]![0]!;
            Assert.Equal(targetPort, (int)servicePort["port"]!);
            Assert.Equal("kubernetes.io/h2c", (string?)servicePort["appProtocol"]);
            Assert.NotNull(container["resources"]!["requests"]!["cpu"]);
        }
    }

    [Fact]
    public void The_env_contract_matches_the_manifest_with_the_password_from_the_secret()
    {
        foreach (var name in Mesh.Services)
        {
            var container = Container(name);
            var names = container["env"]!.AsArray().Select(e => (string)e!["name"]!).ToList();
            Assert.All(_manifest[name]!["env"]!.AsObject(), e => Assert.Contains(e.Key, names));
        }
        var augmentation = Container("augmentation");
        var names2 = augmentation["env"]!.AsArray().Select(e => (string)e!["name"]!).ToList();
        Assert.Equal("cache:6379,password=$(CACHE_PASSWORD)", Env(augmentation, "ConnectionStrings__cache"));
        Assert.Equal("http://ingestion:8080", Env(augmentation, "services__ingestion__http__0"));
        // Kubernetes expands $(VAR) only from variables defined earlier in the list.
        Assert.True(names2.IndexOf("CACHE_PASSWORD") < names2.IndexOf("ConnectionStrings__cache"));
        var secretRef = augmentation["env"]![names2.IndexOf("CACHE_PASSWORD")]!["valueFrom"]!["secretKeyRef"]!;
        Assert.Equal("cache-password", (string?)secretRef["name"]);
        var secret = Object("Secret", "cache-password");
        Assert.Matches("^[A-Za-z0-9]{32}$", (string?)secret["stringData"]![(string)secretRef["key"]!]);
    }

    [Fact]
    public void Claims_back_the_data_volumes_and_only_training_gets_the_gpu_limit()
    {
        foreach (var claim in new[] { "ingestion-data", "training-checkpoints", "evaluation-reports" })
            Assert.Equal("ReadWriteOnce", (string?)Object("PersistentVolumeClaim", claim)["spec"]!["accessModes"]![0]);
        Assert.Equal("/app/.imesh/data/training", (string?)Container("training")["volumeMounts"]![0]!["mountPath"]);
        Assert.Equal(1, (int)Container("training")["resources"]!["limits"]!["nvidia.com/gpu"]!);
        Assert.All(Mesh.Services.Where(s => s != "training"), s => Assert.Null(Container(s)["resources"]!["limits"]));

        var withoutGpu = KubernetesWriter.Build(Mesh.Graph(), gpus: 0)["training.yaml"]
            .Single(o => (string?)o["kind"] == "Deployment");
        Assert.Null(withoutGpu["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]);
    }
}
