namespace ImbalanceMesh.AppHost.Hosting.Model;

/// <summary>A .NET service project: a child process when run, a container image when published.</summary>
public sealed class ProjectResource : MeshResource
{
    /// <summary>The port the service listens on inside a container (the ASP.NET image's default HTTP_PORTS).</summary>
    public const int TargetPort = 8080;

    private readonly List<DataVolume> _volumes = [];
    private readonly SortedDictionary<string, string> _environment = new(StringComparer.Ordinal);

    public ProjectResource(string name, string projectDirectory, string appHostDirectory) : base(name)
    {
        ProjectDirectory = Path.GetFullPath(Path.Combine(appHostDirectory, projectDirectory));
        AssemblyName = Path.GetFileName(ProjectDirectory.TrimEnd(Path.DirectorySeparatorChar));
    }

    /// <summary>Absolute directory of the project.</summary>
    public string ProjectDirectory { get; }

    /// <summary>The project's assembly (and .csproj) name, e.g. ImbalanceMesh.Ingestion.</summary>
    public string AssemblyName { get; }

    public string ProjectFile => Path.Combine(ProjectDirectory, AssemblyName + ".csproj");

    /// <summary>Directories (relative to the working directory) that hold state worth a named volume.</summary>
    public IReadOnlyList<DataVolume> Volumes => _volumes;

    /// <summary>Whether deployments may give this service a GPU (the Kubernetes writer adds an optional limit).</summary>
    public bool UsesGpu { get; private set; }

    /// <summary>Variables the project itself declares (Aspire's WithEnvironment), passed when run and when deployed.</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    internal void AddVolume(DataVolume volume) => _volumes.Add(volume);

    internal void SetEnvironment(string name, string value) => _environment[name] = value;

    internal void MarkGpu() => UsesGpu = true;
}

/// <summary>A named volume: <paramref name="Name"/> mounted at <paramref name="RelativePath"/> under the working directory.</summary>
public sealed record DataVolume(string Name, string RelativePath);
