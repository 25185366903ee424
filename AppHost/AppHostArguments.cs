namespace ImbalanceMesh.AppHost;

/// <summary>
/// The AppHost's own options and the Aspire ones it passes on. Aspire reads any --key value into configuration and
/// ignores what it does not know; a misspelt option would silently do nothing, so unknown ones are refused here.
/// </summary>
public static class AppHostArguments
{
    public const int UsageExitCode = 2;

    public static readonly IReadOnlyDictionary<string, string> Own = new Dictionary<string, string>
    {
        ["--run"] = "COMMAND  once every resource is healthy, run COMMAND (imesh is on its PATH), stop, exit with its code",
        ["--root"] = "DIR      where .imesh/ (endpoints.json, the services' data) lives; default: the working directory",
        ["--data"] = "DIR      keep Redis data in DIR/cache (default: no persistence)",
    };

    private static readonly HashSet<string> Aspire =
    [
        "--publisher", "--output-path", "--operation", "--step", "--list-steps", "--environment", "--log-level",
        "--include-exception-details", "--dcp-cli-path", "--dcp-container-runtime", "--dcp-dependency-check-timeout",
        "--dcp-dashboard-path", "--non-interactive",
    ];

    /// <summary>The arguments unchanged, or an AppHostException naming every unknown option or missing value.</summary>
    public static string[] Checked(string[] args)
    {
        var problems = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].Split('=', 2)[0];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Contains(':')) continue; // values, --Section:Key config
            if (!Own.ContainsKey(name) && !Aspire.Contains(name)) problems.Add($"Unknown option '{name}'.");
            else if (!args[i].Contains('=') && (i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
                problems.Add($"{name} needs a value.");
            else if (!args[i].Contains('=')) i++;
        }
        if (problems.Count == 0) return args;
        var usage = string.Join("\n", Own.Select(o => $"  {o.Key} {o.Value}"));
        throw new AppHostException($"{string.Join(" ", problems)}\nOptions:\n{usage}", UsageExitCode);
    }
}
