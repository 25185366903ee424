using System.Text.Json.Nodes;

namespace ImbalanceMesh.AppHost.Publishing;

/// <summary>
/// The manifest Aspire's manifest publisher wrote (resources by name, in declaration order), read as a deployment
/// format needs it: containers, projects and parameters, each resource's environment and arguments resolved for a
/// container network, the resources it refers to, and the data volumes its *__DataRoot variables point at.
/// </summary>
public sealed class AspireManifest
{
    public const string ContainerType = "container.v0";
    public const string ProjectType = "project.v0";
    public const string ParameterType = "parameter.v0";
    public const string AnnotatedStringType = "annotated.string";

    /// <summary>The port every service image listens on (ENV HTTP_PORTS=8080 in each Dockerfile).</summary>
    public const int ProjectPort = 8080;

    private const string DataRootSuffix = "__DataRoot";

    private readonly JsonObject _resources;
    private readonly ManifestExpressions _expressions;

    private AspireManifest(JsonObject resources, string directory)
    {
        _resources = resources;
        Directory = directory;
        _expressions = new ManifestExpressions(this);
    }

    /// <summary>The manifest's folder: project paths are relative to it.</summary>
    public string Directory { get; }

    public static AspireManifest Load(string path) =>
        new(JsonNode.Parse(File.ReadAllText(path))!["resources"]!.AsObject(), Path.GetDirectoryName(Path.GetFullPath(path))!);

    public IReadOnlyList<string> Containers => Named(ContainerType);

    public IReadOnlyList<string> Projects => Named(ProjectType);

    public IReadOnlyList<string> Parameters => Named(ParameterType);

    public JsonObject Resource(string name) =>
        _resources[name]?.AsObject() ?? throw new AppHostException($"The Aspire manifest has no resource '{name}'.");

    public static string? TypeOf(JsonObject resource) => (string?)resource["type"];

    public string ProjectFile(string project) => Path.GetFullPath(Path.Combine(Directory, (string)Resource(project)["path"]!));

    public string? Image(string container) => (string?)Resource(container)["image"];

    public string? Entrypoint(string container) => (string?)Resource(container)["entrypoint"];

    public IReadOnlyList<string> Bindings(string name) => Resource(name)["bindings"]?.AsObject().Select(b => b.Key).ToList() ?? [];

    /// <summary>The port the resource listens on inside its container: the binding's target port, 8080 for a project.</summary>
    public int Port(string name, string binding) =>
        (int?)BindingOf(name, binding)["targetPort"]
        ?? (TypeOf(Resource(name)) == ProjectType ? ProjectPort
            : throw new AppHostException($"The Aspire manifest gives {name}'s binding '{binding}' no targetPort."));

    public string Scheme(string name, string binding) => (string)BindingOf(name, binding)["scheme"]!;

    public string? Transport(string name, string binding) => (string?)BindingOf(name, binding)["transport"];

    public IReadOnlyList<(string Key, ManifestValue Value)> Environment(string name) =>
        Resource(name)["env"]?.AsObject().Select(e => (e.Key, _expressions.Resolve((string)e.Value!).Value)).ToList() ?? [];

    public IReadOnlyList<ManifestValue> Arguments(string name) =>
        Resource(name)["args"]?.AsArray().Select(a => _expressions.Resolve((string)a!).Value).ToList() ?? [];

    /// <summary>The containers and projects whose address or connection string this resource receives.</summary>
    public IReadOnlyList<string> References(string name)
    {
        var texts = (Resource(name)["env"]?.AsObject().Select(e => (string)e.Value!) ?? [])
            .Concat(Resource(name)["args"]?.AsArray().Select(a => (string)a!) ?? []);
        var referenced = texts.SelectMany(t => _expressions.Resolve(t).Resources).ToHashSet(StringComparer.Ordinal);
        return _resources.Select(r => r.Key).Where(r => r != name && referenced.Contains(r)).ToList();
    }

    /// <summary>
    /// A volume for every *__DataRoot variable, mounted where it points (WithDataRoot in publish mode), and for every
    /// volume a container declares (the jobs Redis's /data), named after the resource: the manifest's own volume names
    /// carry a hash of the machine's AppHost path.
    /// </summary>
    public IReadOnlyList<DataVolume> DataVolumes(string name) =>
    [
        .. Environment(name).Where(e => e.Key.EndsWith(DataRootSuffix, StringComparison.Ordinal)).Select(e =>
        {
            var section = e.Key[..^DataRootSuffix.Length].Replace("__", "-").ToLowerInvariant();
            var volume = section == name ? $"{name}-data" : $"{name}-{section}-data";
            return new DataVolume(volume, e.Value.Render(text => text, parameter =>
                throw new AppHostException($"{name}: {e.Key} must be a path, not the parameter {parameter}.")));
        }),
        .. (Resource(name)["volumes"]?.AsArray() ?? []).Select((v, i) =>
            new DataVolume(i == 0 ? $"{name}-data" : $"{name}-data-{i}", (string)v!["target"]!)),
    ];

    private JsonObject BindingOf(string name, string binding) =>
        Resource(name)["bindings"]?[binding]?.AsObject()
        ?? throw new AppHostException($"The Aspire manifest gives {name} no binding '{binding}'.");

    private List<string> Named(string type) =>
        _resources.Where(r => TypeOf(r.Value!.AsObject()) == type).Select(r => r.Key).ToList();
}

public sealed record DataVolume(string Name, string MountPath);
