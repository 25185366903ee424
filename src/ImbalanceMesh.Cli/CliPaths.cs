namespace ImbalanceMesh.Cli;

/// <summary>Local paths given on the command line.</summary>
public static class CliPaths
{
    /// <summary>The absolute form of a path argument; an empty one is a usage error, not a crash.</summary>
    public static string Full(string? path, string name) => string.IsNullOrWhiteSpace(path)
        ? throw new CliException($"{name} is empty: give a path.")
        : Path.GetFullPath(path);
}
