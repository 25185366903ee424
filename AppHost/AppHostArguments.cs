namespace ImbalanceMesh.AppHost;

/// <summary>
/// The AppHost's command line: its own options (taken out here) and Aspire's (passed on). Aspire reads any --key value
/// into configuration and ignores what it does not know; a misspelt option would silently do nothing, so unknown
/// ones are refused.
/// </summary>
public sealed record AppHostArguments(IReadOnlyDictionary<string, string> Own, string[] ForAspire)
{
    public const int UsageExitCode = 2;

    public static readonly IReadOnlyDictionary<string, string> Options = new Dictionary<string, string>
    {
        ["--run"] = "COMMAND  once every resource is healthy, run COMMAND (imesh is on its PATH), stop, exit with its code",
        ["--root"] = "DIR      where .imesh/ (endpoints.json, the services' data) lives; default: the working directory",
        ["--data"] = "DIR      keep Redis data in DIR/cache (default: no persistence)",
        ["--port-base"] = "N        with --publisher compose: publish the services on 127.0.0.1:N+1... (default 5100)",
        ["--gpus"] = "N        with --publisher k8s: give training N GPUs (nvidia.com/gpu; default 0)",
        ["--replicas"] = "N        run N augmentation and N training replicas (default 1)",
        ["--augmentation-replicas"] = "N  augmentation replicas (default: --replicas)",
        ["--training-replicas"] = "N      training replicas (default: --replicas); they share one job queue",
    };

    private static readonly HashSet<string> AspireOptions =
    [
        "--publisher", "--output-path", "--operation", "--step", "--environment", "--log-level", "--dcp-cli-path",
        "--dcp-container-runtime", "--dcp-dependency-check-timeout", "--dcp-dashboard-path",
    ];

    private static readonly HashSet<string> AspireFlags = ["--list-steps", "--include-exception-details", "--non-interactive"];

    public string? this[string option] => Own.GetValueOrDefault(option);

    /// <summary>The parsed command line, or an AppHostException naming every unknown option and missing value.</summary>
    public static AppHostArguments Parse(string[] args)
    {
        var own = new Dictionary<string, string>();
        var aspire = new List<string>();
        var problems = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            // Positional values and --Section:Key=value configuration go to Aspire as they are.
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Contains(':') || AspireFlags.Contains(name))
            {
                aspire.Add(args[i]);
                continue;
            }
            if (!Options.ContainsKey(name) && !AspireOptions.Contains(name))
            {
                problems.Add($"Unknown option '{name}'.");
                continue;
            }
            var value = inlineValue ?? (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
            if (value is null) problems.Add($"{name} needs a value.");
            else if (Options.ContainsKey(name)) own[name] = value;
            else aspire.AddRange([name, value]);
        }
        if (problems.Count == 0) return new AppHostArguments(own, [.. aspire]);
        var usage = string.Join("\n", Options.Select(o => $"  {o.Key} {o.Value}"));
        throw new AppHostException($"{string.Join(" ", problems)}\nOptions:\n{usage}", UsageExitCode);
    }
}
