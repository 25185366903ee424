using System.Text.Json.Nodes;
using ImbalanceMesh.AppHost.Publishing;

namespace ImbalanceMesh.AppHost.Tests.Publishing;

/// <summary>
/// What the built AppHost writes for AppHost/Program.cs, once per test run: the manifest from Aspire's own publisher
/// (the reference every check compares against), the compose files and the Kubernetes files (with --gpus 1).
/// </summary>
public sealed class PublishedOutput : IAsyncLifetime
{
    public static readonly string[] Services = ["ingestion", "augmentation", "training", "evaluation"];

    public string Root { get; } = Directory.CreateTempSubdirectory("imesh-publish-").FullName;

    public string ManifestPath => Path.Combine(Root, "aspire-manifest.json");

    public string ComposeDirectory => Path.Combine(Root, "compose");

    public string KubernetesDirectory => Path.Combine(Root, "k8s");

    /// <summary>The manifest's resources as Aspire wrote them.</summary>
    public JsonObject Resources { get; private set; } = [];

    public AspireManifest Manifest { get; private set; } = null!;

    public JsonObject Compose { get; private set; } = [];

    /// <summary>Every object of every Kubernetes file but kustomization.yaml, parsed by PyYAML.</summary>
    public IReadOnlyList<JsonObject> KubernetesObjects { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await PublishAsync("--publisher", "manifest", "--output-path", ManifestPath);
        await PublishAsync("--publisher", "compose", "--output-path", ComposeDirectory);
        await PublishAsync("--publisher", "k8s", "--output-path", KubernetesDirectory, "--gpus", "1");
        Resources = JsonNode.Parse(await File.ReadAllTextAsync(ManifestPath))!["resources"]!.AsObject();
        Manifest = AspireManifest.Load(ManifestPath);
        Compose = YamlDocuments.Parse(Path.Combine(ComposeDirectory, ComposeFile.FileName)).Single()!.AsObject();
        KubernetesObjects = Directory.GetFiles(KubernetesDirectory, "*.yaml")
            .Where(f => Path.GetFileName(f) != ImbalanceMesh.AppHost.Publishing.KubernetesObjects.KustomizationFile)
            .SelectMany(f => YamlDocuments.Parse(f).Select(d => d!.AsObject())).ToList();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The project's manifest env as Aspire wrote it (expressions unresolved).</summary>
    public JsonObject ManifestEnv(string resource) => Resources[resource]!["env"]!.AsObject();

    /// <summary>The *__DataRoot variables of every resource, as (resource, path) pairs.</summary>
    public IReadOnlyList<(string Resource, string Path)> DataRoots() =>
        Resources.Where(r => r.Value!["env"] is JsonObject)
            .SelectMany(r => ManifestEnv(r.Key).Where(e => e.Key.EndsWith("__DataRoot", StringComparison.Ordinal))
                .Select(e => (r.Key, (string)e.Value!)))
            .ToList();

    public string EnvFileValue(string variable) =>
        File.ReadAllLines(Path.Combine(ComposeDirectory, ComposeFile.EnvFileName))
            .Single(l => l.StartsWith($"{variable}=", StringComparison.Ordinal))[(variable.Length + 1)..];

    private static async Task PublishAsync(params string[] arguments)
    {
        var (exitCode, output) = await BuiltAppHost.RunAsync(null, arguments);
        Assert.True(exitCode == 0, $"{string.Join(' ', arguments)} exited {exitCode}:\n{output}");
    }
}

[CollectionDefinition(Name)]
public sealed class PublishingCollection : ICollectionFixture<PublishedOutput>
{
    public const string Name = "Publishing";
}
