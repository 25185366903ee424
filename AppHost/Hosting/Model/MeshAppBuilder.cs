namespace ImbalanceMesh.AppHost.Hosting.Model;

/// <summary>Collects resource declarations (Aspire's IDistributedApplicationBuilder, reduced to what the mesh uses).</summary>
public sealed class MeshAppBuilder(string appHostDirectory)
{
    private readonly List<MeshResource> _resources = [];

    /// <summary>The directory project paths are relative to (the AppHost project's directory).</summary>
    public string AppHostDirectory { get; } = Path.GetFullPath(appHostDirectory);

    public ResourceBuilder<RedisResource> AddRedis(string name) => Add(new RedisResource(name));

    public ResourceBuilder<ProjectResource> AddProject(string name, string projectDirectory) =>
        Add(new ProjectResource(name, projectDirectory, AppHostDirectory));

    public ResourceGraph Build() => new(AppHostDirectory, _resources);

    private ResourceBuilder<T> Add<T>(T resource) where T : MeshResource
    {
        if (_resources.Any(r => r.Name == resource.Name))
            throw new ArgumentException($"A resource named '{resource.Name}' is already declared.");
        // A parameter.v0 resource would take this name in the manifest.
        if (_resources.OfType<RedisResource>().Any(r => r.PasswordParameterName == resource.Name))
            throw new ArgumentException($"'{resource.Name}' is taken by a generated password parameter.");
        _resources.Add(resource);
        return new ResourceBuilder<T>(resource);
    }
}
