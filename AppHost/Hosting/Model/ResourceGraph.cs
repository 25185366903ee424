namespace ImbalanceMesh.AppHost.Hosting.Model;

/// <summary>The declared resources, checked and put in start order. Pure: nothing here starts or writes anything.</summary>
public sealed class ResourceGraph
{
    internal ResourceGraph(string appHostDirectory, IReadOnlyList<MeshResource> resources)
    {
        AppHostDirectory = appHostDirectory;
        Resources = resources;
        foreach (var resource in resources)
        foreach (var dependency in resource.References.Concat(resource.WaitsFor))
            if (!resources.Contains(dependency))
                throw new InvalidOperationException($"{resource.Name} refers to {dependency.Name}, which is not in this graph.");
        StartOrder = TopologicalOrder(resources);
    }

    public string AppHostDirectory { get; }

    /// <summary>The directory holding AppHost/ and src/: the build context for container images.</summary>
    public string RepositoryRoot => Path.GetDirectoryName(AppHostDirectory)!;

    /// <summary>In declaration order.</summary>
    public IReadOnlyList<MeshResource> Resources { get; }

    /// <summary>Every resource after everything it references or waits for.</summary>
    public IReadOnlyList<MeshResource> StartOrder { get; }

    public IEnumerable<ProjectResource> Projects => Resources.OfType<ProjectResource>();

    public IEnumerable<RedisResource> Caches => Resources.OfType<RedisResource>();

    public MeshResource this[string name] =>
        Resources.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No resource named '{name}'.");

    private static List<MeshResource> TopologicalOrder(IReadOnlyList<MeshResource> resources)
    {
        var order = new List<MeshResource>();
        var visiting = new HashSet<MeshResource>();
        foreach (var resource in resources) Visit(resource, order, visiting);
        return order;
    }

    private static void Visit(MeshResource resource, List<MeshResource> order, HashSet<MeshResource> visiting)
    {
        if (order.Contains(resource)) return;
        if (!visiting.Add(resource))
            throw new InvalidOperationException($"{resource.Name} depends on itself through its references or waits.");
        foreach (var dependency in resource.WaitsFor.Concat(resource.References)) Visit(dependency, order, visiting);
        visiting.Remove(resource);
        order.Add(resource);
    }
}
