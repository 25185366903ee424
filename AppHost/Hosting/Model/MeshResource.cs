using System.Text.RegularExpressions;

namespace ImbalanceMesh.AppHost.Hosting.Model;

/// <summary>A node of the resource graph: a name plus what it references and what it waits for.</summary>
public abstract partial class MeshResource
{
    private readonly List<MeshResource> _references = [];
    private readonly List<MeshResource> _waitsFor = [];

    protected MeshResource(string name)
    {
        // Names become env-var segments, DNS names (compose, Kubernetes) and manifest keys: keep them DNS-1123 labels.
        if (!ValidName().IsMatch(name))
            throw new ArgumentException(
                $"Resource name '{name}' is not allowed: use lower-case letters, digits and '-', starting with a letter.",
                nameof(name));
        Name = name;
    }

    public string Name { get; }

    /// <summary>Resources whose address or connection string this one receives in its environment.</summary>
    public IReadOnlyList<MeshResource> References => _references;

    /// <summary>Resources that must be healthy before this one starts.</summary>
    public IReadOnlyList<MeshResource> WaitsFor => _waitsFor;

    internal void AddReference(MeshResource resource)
    {
        if (resource == this) throw new ArgumentException($"{Name} cannot reference itself.");
        if (!_references.Contains(resource)) _references.Add(resource);
    }

    internal void AddWaitFor(MeshResource resource)
    {
        if (resource == this) throw new ArgumentException($"{Name} cannot wait for itself.");
        if (!_waitsFor.Contains(resource)) _waitsFor.Add(resource);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex ValidName();
}
