namespace ImbalanceMesh.AppHost.Publishing;

/// <summary>
/// --publisher compose|k8s --output-path DIR: Aspire's packages for those are not served, so Aspire's own manifest
/// publisher runs instead (to a temporary file) and its manifest is converted into DIR once it has written it.
/// Any other command line reaches Aspire as AppHostArguments passes it on.
/// </summary>
public sealed class DeploymentTarget
{
    public const string Compose = "compose";
    public const string Kubernetes = "k8s";

    /// <summary>The service that trains: --gpus gives it the GPUs.</summary>
    public const string GpuService = "training";

    private static readonly string[] PublisherOptions = ["--publisher", "--output-path"];

    private readonly Func<AspireManifest, string, MeshSettings, IReadOnlyList<string>>? _convert;
    private readonly string? _manifest;

    private DeploymentTarget(string[] aspireArguments, Func<AspireManifest, string, MeshSettings, IReadOnlyList<string>>? convert = null,
        string? manifest = null)
    {
        AspireArguments = aspireArguments;
        _convert = convert;
        _manifest = manifest;
    }

    /// <summary>What Aspire is to be given.</summary>
    public string[] AspireArguments { get; }

    public static DeploymentTarget From(AppHostArguments arguments)
    {
        var aspire = arguments.ForAspire;
        var format = AspireOption(aspire, "--publisher");
        var outputPath = AspireOption(aspire, "--output-path");
        var problems = new List<string>();
        var portBase = Number(arguments, "--port-base", 1024, 65000, Compose, format, problems) ?? ComposeFile.DefaultPortBase;
        var gpus = Number(arguments, "--gpus", 0, 64, Kubernetes, format, problems) ?? 0;
        if (format is Compose or Kubernetes && outputPath is null) problems.Add($"--publisher {format} needs --output-path DIR.");
        // Compose publishes each service on one host port and has no service address spread over replicas.
        if (format == Compose && new[] { "--replicas", "--augmentation-replicas", "--training-replicas" }.Any(o => arguments[o] is { } n && n != "1"))
            problems.Add("--publisher compose runs one replica of each service; replicas need --publisher k8s (or a local run).");
        if (problems.Count > 0) throw new AppHostException(string.Join(" ", problems), AppHostArguments.UsageExitCode);
        if (format is not (Compose or Kubernetes) || outputPath is null) return new DeploymentTarget(aspire);

        var manifest = Path.Combine(Path.GetTempPath(), $"imesh-aspire-manifest-{Guid.NewGuid():N}.json");
        Func<AspireManifest, string, MeshSettings, IReadOnlyList<string>> convert = format == Compose
            ? (m, directory, mesh) => ComposeFile.Write(m, Path.Combine(directory, outputPath), portBase)
            : (m, directory, mesh) => KubernetesObjects.Write(m, Path.Combine(directory, outputPath), GpuService, gpus,
                new Dictionary<string, int> { ["augmentation"] = mesh.AugmentationReplicas, ["training"] = mesh.TrainingReplicas });
        return new DeploymentTarget([.. WithoutPublisher(aspire), "--publisher", "manifest", "--output-path", manifest], convert, manifest);
    }

    /// <summary>
    /// After Aspire has run: converts its manifest into the compose or Kubernetes files and names them. A relative
    /// output path is taken from where the command was typed (`dotnet run` starts the AppHost in its project folder).
    /// </summary>
    public void WriteConverted(string appHostDirectory, MeshSettings mesh, TextWriter output)
    {
        if (_convert is null || _manifest is null) return;
        if (!File.Exists(_manifest)) throw new AppHostException("Aspire's manifest publisher wrote no manifest; see its log above.");
        try
        {
            var files = _convert(AspireManifest.Load(_manifest), MeshSettings.InvocationDirectory(appHostDirectory), mesh);
            output.WriteLine($"apphost: converted Aspire's manifest into {string.Join(", ", files)}");
        }
        finally
        {
            File.Delete(_manifest);
        }
    }

    /// <summary>AppHostArguments passes Aspire's options on as "--name value" pairs.</summary>
    private static string? AspireOption(string[] aspire, string name)
    {
        var at = Array.LastIndexOf(aspire, name);
        return at >= 0 && at + 1 < aspire.Length ? aspire[at + 1] : null;
    }

    private static IEnumerable<string> WithoutPublisher(string[] aspire) =>
        aspire.Where((_, i) => !PublisherOptions.Contains(aspire[i]) && (i == 0 || !PublisherOptions.Contains(aspire[i - 1])));

    private static int? Number(AppHostArguments arguments, string name, int lowest, int highest,
        string format, string? requested, List<string> problems)
    {
        if (arguments[name] is not { } text) return null;
        if (requested != format) problems.Add($"{name} applies only to --publisher {format}.");
        else if (int.TryParse(text, out var number) && number >= lowest && number <= highest) return number;
        else problems.Add($"{name} '{text}' must be a whole number from {lowest} to {highest}.");
        return null;
    }
}
