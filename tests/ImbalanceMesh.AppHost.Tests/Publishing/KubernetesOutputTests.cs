using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using ImbalanceMesh.AppHost.Publishing;

namespace ImbalanceMesh.AppHost.Tests.Publishing;

/// <summary>The Kubernetes files `--publisher k8s --gpus 1` writes, read back by PyYAML.</summary>
[Collection(PublishingCollection.Name)]
public sealed class KubernetesOutputTests(PublishedOutput published)
{
    private JsonObject Object(string kind, string name) =>
        published.KubernetesObjects.Single(o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name);

    private JsonObject Container(string name) =>
        Object("Deployment", name)["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();

    private static List<JsonObject> Env(JsonObject container) => container["env"]!.AsArray().Select(e => e!.AsObject()).ToList();

    private static string? Value(JsonObject container, string name) =>
        (string?)Env(container).SingleOrDefault(e => (string?)e["name"] == name)?["value"];

    [Fact]
    public void Every_resource_has_its_objects_and_kustomization_lists_every_file()
    {
        foreach (var name in new[] { "cache", "jobs" }.Concat(PublishedOutput.Services))
        {
            Assert.Equal(name, (string?)Object("Deployment", name)["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]);
            Assert.Equal(name, (string?)Object("Service", name)["spec"]!["selector"]!["app.kubernetes.io/name"]);
        }
        Assert.Equal("Opaque", (string?)Object("Secret", "cache-password")["type"]);
        var kustomization = YamlDocuments.Parse(Path.Combine(published.KubernetesDirectory, KubernetesObjects.KustomizationFile)).Single()!;
        var listed = kustomization["resources"]!.AsArray().Select(f => (string)f!).Order();
        var files = Directory.GetFiles(published.KubernetesDirectory, "*.yaml").Select(Path.GetFileName)
            .Where(f => f != KubernetesObjects.KustomizationFile).Order();
        Assert.Equal(files, listed);
    }

    [Fact]
    public void Services_listen_on_8080_over_h2c_with_grpc_probes_and_the_cache_on_its_target_port()
    {
        foreach (var name in PublishedOutput.Services)
        {
            var container = Container(name);
            Assert.Equal(8080, (int)container["ports"]![0]!["containerPort"]!);
            Assert.Equal(8080, (int)container["readinessProbe"]!["grpc"]!["port"]!);
            Assert.Equal(8080, (int)container["livenessProbe"]!["grpc"]!["port"]!);
            Assert.Equal("8080", Value(container, "HTTP_PORTS"));
            Assert.Equal(name, Value(container, "OTEL_SERVICE_NAME"));
            var servicePort = Object("Service", name)["spec"]!["ports"]![0]!;
            Assert.Equal(8080, (int)servicePort["port"]!);
            Assert.Equal("kubernetes.io/h2c", (string?)servicePort["appProtocol"]);
        }
        var targetPort = (int)published.Resources["cache"]!["bindings"]!["tcp"]!["targetPort"]!;
        Assert.Equal(targetPort, (int)Object("Service", "cache")["spec"]!["ports"]![0]!["port"]!);
        Assert.Equal(targetPort, (int)Container("cache")["livenessProbe"]!["tcpSocket"]!["port"]!);
    }

    [Fact]
    public void The_env_is_the_manifests_with_the_password_read_from_the_secret_before_it_is_used()
    {
        foreach (var name in PublishedOutput.Services)
        {
            var names = Env(Container(name)).Select(e => (string)e["name"]!).ToList();
            Assert.All(published.ManifestEnv(name), e => Assert.Contains(e.Key, names));
            Assert.Equal(names.Count, names.Distinct().Count());
            Assert.All(Env(Container(name)).Select(e => (string?)e["value"]).OfType<string>(), v => Assert.DoesNotContain("{", v));
        }
        foreach (var name in new[] { "cache", "augmentation", "training" })
        {
            var env = Env(Container(name));
            var names = env.Select(e => (string)e["name"]!).ToList();
            var secretRef = env[names.IndexOf("CACHE_PASSWORD")]["valueFrom"]!["secretKeyRef"]!;
            Assert.Equal("cache-password", (string?)secretRef["name"]);
            Assert.Equal(KubernetesObjects.SecretKey, (string?)secretRef["key"]);
            // Kubernetes expands $(VAR) only from variables defined earlier in the list.
            Assert.Equal(0, names.IndexOf("CACHE_PASSWORD"));
        }
        Assert.Equal("$(CACHE_PASSWORD)", Value(Container("cache"), "REDIS_PASSWORD"));
        var augmentation = Container("augmentation");
        Assert.Equal("cache:6379,password=$(CACHE_PASSWORD)", Value(augmentation, "ConnectionStrings__cache"));
        Assert.Equal("redis://:$(CACHE_PASSWORD)@cache:6379", Value(augmentation, "CACHE_URI"));
        Assert.Equal("http://ingestion:8080", Value(augmentation, "services__ingestion__http__0"));
        var apiKey = Env(augmentation).Single(e => (string?)e["name"] == "IMESH_API_KEY")["valueFrom"]!["secretKeyRef"]!;
        Assert.Equal(KubernetesObjects.ApiKeySecret, (string?)apiKey["name"]);
        Assert.True((bool)apiKey["optional"]!);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void The_generated_password_is_in_its_owner_only_secret_file_and_no_other()
    {
        var secretFile = Path.Combine(published.KubernetesDirectory, "cache-password.yaml");
        var password = (string)Object("Secret", "cache-password")["stringData"]![KubernetesObjects.SecretKey]!;

        Assert.Matches("^[A-Za-z0-9]{22,}$", password);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretFile));
        Assert.All(Directory.GetFiles(published.KubernetesDirectory).Where(f => f != secretFile),
            f => Assert.DoesNotContain(password, File.ReadAllText(f)));
    }

    [Fact]
    public void A_claim_is_mounted_exactly_where_each_DataRoot_points_and_only_training_gets_the_gpus()
    {
        var dataRoots = published.DataRoots();
        Assert.Equal(3, dataRoots.Count);
        foreach (var (resource, path) in dataRoots)
        {
            var mount = Assert.Single(Container(resource)["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == path)!;
            var podSpec = Object("Deployment", resource)["spec"]!["template"]!["spec"]!;
            var volume = Assert.Single(podSpec["volumes"]!.AsArray(), v => (string?)v!["name"] == (string?)mount["name"])!;
            var claim = Object("PersistentVolumeClaim", (string)volume["persistentVolumeClaim"]!["claimName"]!);
            Assert.Equal("ReadWriteOnce", (string?)claim["spec"]!["accessModes"]![0]);
            Assert.Equal("Recreate", (string?)Object("Deployment", resource)["spec"]!["strategy"]!["type"]);
        }

        Assert.Equal(1, (int)Container("training")["resources"]!["limits"]!["nvidia.com/gpu"]!);
        Assert.All(PublishedOutput.Services.Where(s => s != "training"), s => Assert.Null(Container(s)["resources"]!["limits"]));
        var withoutGpus = KubernetesObjects.Build(published.Manifest, DeploymentTarget.GpuService, gpus: 0)["training.yaml"]
            .Single(o => (string?)o["kind"] == "Deployment");
        Assert.Null(withoutGpus["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]);
    }

    [Fact]
    public void Replicas_become_replicas_with_a_shared_checkpoint_claim_and_the_jobs_redis_keeps_its_data_on_a_claim()
    {
        var replicated = KubernetesObjects.Build(published.Manifest, DeploymentTarget.GpuService, gpus: 0,
            new Dictionary<string, int> { ["augmentation"] = 2, ["training"] = 3 });
        JsonObject Only(string file, string kind) => replicated[file].Single(o => (string?)o["kind"] == kind);

        Assert.Equal(3, (int)Only("training.yaml", "Deployment")["spec"]!["replicas"]!);
        Assert.Equal(2, (int)Only("augmentation.yaml", "Deployment")["spec"]!["replicas"]!);
        Assert.Equal(1, (int)Only("evaluation.yaml", "Deployment")["spec"]!["replicas"]!);
        // Every training replica reads every job's checkpoints: one ReadWriteMany claim, rolled, not recreated.
        Assert.Equal("ReadWriteMany", (string?)Only("training.yaml", "PersistentVolumeClaim")["spec"]!["accessModes"]![0]);
        Assert.Null(Only("training.yaml", "Deployment")["spec"]!["strategy"]);
        Assert.Equal("ReadWriteOnce", (string?)Only("evaluation.yaml", "PersistentVolumeClaim")["spec"]!["accessModes"]![0]);

        var jobs = Container("jobs");
        Assert.Equal("/data", (string?)Assert.Single(jobs["volumeMounts"]!.AsArray())!["mountPath"]);
        Assert.Equal("jobs-data", (string?)Object("PersistentVolumeClaim", "jobs-data")["metadata"]!["name"]);
        var script = (string)jobs["args"]!.AsArray()[1]!;
        Assert.Contains("--appendonly yes --appendfsync always --maxmemory-policy noeviction", script);
        Assert.Null(Container("cache")["volumeMounts"]);
    }
}
