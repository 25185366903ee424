namespace ImbalanceMesh.AppHost;

/// <summary>
/// What this run of the AppHost was asked for: --root DIR, --data DIR, --run COMMAND, the replica counts and
/// IMESH_API_KEY.
/// </summary>
public sealed record MeshSettings(string Root, string? RedisDataDirectory, string? RunCommand, string? ApiKey, bool IsPublishMode)
{
    public const string ApiKeyVariable = "IMESH_API_KEY";
    public const int MaxReplicas = 16;

    public int AugmentationReplicas { get; init; } = 1;
    public int TrainingReplicas { get; init; } = 1;

    public static MeshSettings From(AppHostArguments arguments, IDistributedApplicationBuilder builder)
    {
        var root = Path.GetFullPath(NonEmpty(arguments["--root"]) ?? InvocationDirectory(builder.AppHostDirectory));
        var data = NonEmpty(arguments["--data"]) is { } d ? Path.GetFullPath(Path.Combine(d, "cache")) : null;
        if (data is not null) Directory.CreateDirectory(data);
        var problems = new List<string>();
        var replicas = Replicas(arguments, "--replicas", 1, problems);
        var augmentation = Replicas(arguments, "--augmentation-replicas", replicas, problems);
        var training = Replicas(arguments, "--training-replicas", replicas, problems);
        if (problems.Count > 0) throw new AppHostException(string.Join(" ", problems), AppHostArguments.UsageExitCode);
        return new MeshSettings(root, data, NonEmpty(arguments["--run"]),
            NonEmpty(Environment.GetEnvironmentVariable(ApiKeyVariable)), builder.ExecutionContext.IsPublishMode)
        {
            AugmentationReplicas = augmentation,
            TrainingReplicas = training,
        };
    }

    /// <summary>.imesh under the root: endpoints.json and the services' data.</summary>
    public string StateDirectory => Path.Combine(Root, ".imesh");

    public string DataRoot(string service) => Path.Combine(StateDirectory, "data", service);

    private static int Replicas(AppHostArguments arguments, string option, int fallback, List<string> problems)
    {
        if (arguments[option] is not { } text) return fallback;
        if (int.TryParse(text, out var count) && count is >= 1 and <= MaxReplicas) return count;
        problems.Add($"{option} '{text}' must be a whole number from 1 to {MaxReplicas}.");
        return fallback;
    }

    /// <summary>
    /// The folder the user started the AppHost in. `dotnet run --project AppHost` starts it in the project folder; the
    /// shell's PWD, which the process inherits, still names where the command was typed.
    /// </summary>
    public static string InvocationDirectory(string appHostDirectory)
    {
        var current = Directory.GetCurrentDirectory();
        var shell = Environment.GetEnvironmentVariable("PWD");
        return SamePath(current, appHostDirectory) && shell is { Length: > 0 } && Directory.Exists(shell) ? shell : current;
    }

    private static bool SamePath(string a, string b) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(b));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
